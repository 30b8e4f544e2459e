package dev.sift.engine;

import dev.sift.engine.incident.ClusterView;
import dev.sift.engine.incident.Incident;
import dev.sift.engine.incident.IncidentDetector;
import dev.sift.engine.incident.IncidentState;
import dev.sift.engine.incident.TicketArrival;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Major-incident detection: the candidates clustered from a tenant's recent arrivals (triaged and
 * live tickets), a person's verdict on one, and a subscription to new candidates for the webhook
 * and the live stream. With detection off there are no candidates and subscriptions are never
 * called.
 */
public final class MajorIncidents {

  private final IncidentDetector detector;

  MajorIncidents(IncidentDetector detector) {
    this.detector = detector;
  }

  /** Whether detection is on. */
  public boolean enabled() {
    return detector != null;
  }

  /**
   * The tenant's candidates, newest first; with {@code openOnly}, those not confirmed, dismissed or
   * expired.
   */
  public List<Incident> list(String tenant, boolean openOnly) {
    return detector == null ? List.of() : detector.incidents(tenant, openOnly);
  }

  /** Records a person's verdict on a candidate; empty when the tenant has no such candidate. */
  public Optional<Incident> resolve(String tenant, String incidentId, IncidentState verdict) {
    return detector == null ? Optional.empty() : detector.resolve(tenant, incidentId, verdict);
  }

  /**
   * Calls {@code listener} with the tenant once for each cluster when it becomes a candidate, from
   * the thread that observed its ticket.
   */
  public void onCandidate(BiConsumer<String, Incident> listener) {
    if (detector != null) {
      detector.onCandidate(listener);
    }
  }

  /**
   * Adds an arrival with its vector to the tenant's window, as triage and live upserts do, and
   * returns the cluster it joined: for replays and tests that drive detection without storing
   * tickets.
   *
   * @throws IllegalStateException when detection is off
   */
  public ClusterView observe(String tenant, TicketArrival arrival, float[] vector) {
    if (detector == null) {
      throw new IllegalStateException("major-incident detection is off");
    }
    return detector.observe(tenant, arrival, vector);
  }
}
