package dev.sift.engine;

import dev.sift.engine.coldstart.ColdStart;
import dev.sift.engine.incident.IncidentDetector;
import java.nio.file.Path;

/**
 * The triage engine as a whole: one front per use case, all over the same ticket store, tenant
 * fits, cold start and incident windows, and the owner that closes them. Callers take the fronts
 * their use case needs (a backtest, say, {@link #history()} and {@link #triage()}) and never the
 * parts behind them.
 */
public final class Engine implements AutoCloseable {

  private final TriageEngine triage;
  private final Tickets tickets;
  private final History history;
  private final Tenants tenants;
  private final Taxonomies taxonomies;
  private final Accuracy accuracy;
  private final MajorIncidents majorIncidents;
  private final TenantFits fits;
  private final ColdStart coldStart;
  private final IncidentDetector incidents;

  /** Built by {@link EngineBuilder}, which wires the parts. */
  Engine(
      TriageEngine triage,
      Tickets tickets,
      History history,
      Tenants tenants,
      Taxonomies taxonomies,
      Accuracy accuracy,
      MajorIncidents majorIncidents,
      TenantFits fits,
      ColdStart coldStart,
      IncidentDetector incidents) {
    this.triage = triage;
    this.tickets = tickets;
    this.history = history;
    this.tenants = tenants;
    this.taxonomies = taxonomies;
    this.accuracy = accuracy;
    this.majorIncidents = majorIncidents;
    this.fits = fits;
    this.coldStart = coldStart;
    this.incidents = incidents;
  }

  /**
   * An engine over {@code store}, keeping tenant fits under {@code fitDir} unless shared state is
   * set.
   */
  public static EngineBuilder builder(TicketStore store, Path fitDir) {
    return new EngineBuilder(store, fitDir);
  }

  /** Triage of one ticket, and the method that answers each field. */
  public TriageEngine triage() {
    return triage;
  }

  /** Live tickets: upsert, read and delete single tickets. */
  public Tickets tickets() {
    return tickets;
  }

  /** Bulk history: imports, replacements, refits and re-embedding. */
  public History history() {
    return history;
  }

  /** Tenants as a whole: listing, existence, statistics and erasure. */
  public Tenants tenants() {
    return tenants;
  }

  /** Tenants' taxonomies, which cold start triages on. */
  public Taxonomies taxonomies() {
    return taxonomies;
  }

  /** Live accuracy per field and method, and the feedback that scores it. */
  public Accuracy accuracy() {
    return accuracy;
  }

  /** Major-incident candidates, verdicts on them and subscriptions to new ones. */
  public MajorIncidents majorIncidents() {
    return majorIncidents;
  }

  @Override
  public void close() {
    fits.close();
    if (coldStart != null) {
      coldStart.close();
    }
    if (incidents != null) {
      incidents.close();
    }
  }
}
