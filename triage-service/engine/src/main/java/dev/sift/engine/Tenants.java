package dev.sift.engine;

import dev.sift.engine.coldstart.ColdStart;
import dev.sift.engine.incident.IncidentDetector;
import dev.sift.index.TenantNames;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Tenants as a whole, for administration and statistics: which tenants there are, whether one
 * exists, what its history and fitted calibration hold, and erasing one with everything the engine
 * keeps of it.
 */
public final class Tenants {

  private final TicketStore store;
  private final TenantFits fits;
  private final TriageEngine triage;
  private final ColdStart coldStart;
  private final IncidentDetector incidents;

  Tenants(
      TicketStore store,
      TenantFits fits,
      TriageEngine triage,
      ColdStart coldStart,
      IncidentDetector incidents) {
    this.store = store;
    this.fits = fits;
    this.triage = triage;
    this.coldStart = coldStart;
    this.incidents = incidents;
  }

  /**
   * Every tenant triage answers for: those with stored tickets and those with only a taxonomy (cold
   * start). Staging copies of a rebuild are not tenants.
   */
  public SortedSet<String> list() {
    SortedSet<String> out = new TreeSet<>();
    store.index().tenants().stream().filter(TenantNames::isValid).forEach(out::add);
    if (coldStart != null) {
      coldStart.taxonomies().tenants().stream().filter(TenantNames::isValid).forEach(out::add);
    }
    return out;
  }

  /**
   * Whether triage answers for the tenant: it has history, or a taxonomy that makes it triageable
   * without history.
   */
  public boolean exists(String tenant) {
    return triage.knows(tenant);
  }

  /** Whether the tenant has stored tickets (a tenant with only a taxonomy has none). */
  public boolean hasHistory(String tenant) {
    return store.exists(tenant);
  }

  /** How many tickets the tenant's history holds. */
  public long ticketCount(String tenant) {
    return store.count(tenant);
  }

  /** The size of the tenant's index in bytes, or -1 where the index backend cannot tell. */
  public long sizeInBytes(String tenant) {
    return store.index().sizeInBytes(tenant);
  }

  /** The tenant's fitted calibration, if it has one yet; never fits one. */
  public Optional<TenantFit> fit(String tenant) {
    return fits.current(tenant);
  }

  /**
   * Erases the tenant: its tickets and vectors, fitted calibration, incident window, taxonomy and
   * prediction log.
   */
  public void delete(String tenant) {
    store.deleteTenant(tenant);
    fits.forget(tenant);
    if (incidents != null) {
      incidents.forgetTenant(tenant);
    }
    if (coldStart != null) {
      coldStart.taxonomies().delete(tenant);
      coldStart.predictions().deleteTenant(tenant);
      coldStart.forget(tenant);
    }
  }
}
