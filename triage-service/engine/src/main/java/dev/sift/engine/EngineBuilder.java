package dev.sift.engine;

import dev.sift.engine.coldstart.ColdStart;
import dev.sift.engine.coldstart.LlmClient;
import dev.sift.engine.coldstart.PredictionLog;
import dev.sift.engine.coldstart.TaxonomyStore;
import dev.sift.engine.incident.IncidentDetector;
import dev.sift.engine.incident.IncidentSettings;
import dev.sift.engine.state.FileStateStore;
import dev.sift.engine.state.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/** Settings and wiring of an {@link Engine} and its fronts. */
public final class EngineBuilder {
  private final TicketStore store;
  private final Path fitDir;
  private EngineSettings settings = EngineSettings.DEFAULTS;
  private Clock clock = Clock.systemUTC();
  private IncidentSettings incidents;
  private Path incidentStateDir;
  private Function<Clock, ColdStart> coldStart;
  private Duration coldStartBudget = Duration.ofSeconds(10);
  private StateStore.Factory sharedState;

  EngineBuilder(TicketStore store, Path fitDir) {
    this.store = Objects.requireNonNull(store, "store");
    this.fitDir = Objects.requireNonNull(fitDir, "fitDir");
  }

  public EngineBuilder settings(EngineSettings s) {
    this.settings = Objects.requireNonNull(s);
    return this;
  }

  public EngineBuilder clock(Clock c) {
    this.clock = Objects.requireNonNull(c);
    return this;
  }

  /** Turns major-incident detection on; it is off unless set, so that backtests do not cluster. */
  public EngineBuilder incidents(IncidentSettings s) {
    this.incidents = s;
    return this;
  }

  /** Where the incident detector keeps its clusters across restarts; in memory only when unset. */
  public EngineBuilder incidentStateDir(Path dir) {
    this.incidentStateDir = dir;
    return this;
  }

  /**
   * Turns cold-start triage on, with its state (taxonomies, prediction log) under {@code dir}, or
   * shared by replicas when {@link #sharedState} is set (in either order); an LLM when {@code llm}
   * is not null, else zero-shot. Off unless set, so that backtests measure neighbours alone.
   */
  public EngineBuilder coldStart(Path dir, ColdStart.Settings s, LlmClient llm) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(s, "settings");
    // Taxonomies go where the other engine state goes: shared by replicas when sharedState is set.
    this.coldStart =
        c ->
            new ColdStart(
                store,
                new TaxonomyStore(state(TaxonomyStore.KIND, dir.resolve(TaxonomyStore.KIND))),
                new PredictionLog(state(PredictionLog.KIND, dir.resolve(PredictionLog.KIND)), c),
                llm,
                s,
                c);
    if (llm != null) {
      this.coldStartBudget = llm.settings().timeout();
    }
    return this;
  }

  /**
   * Keeps tenant fits and incident state in stores that replicas share (PostgreSQL), instead of
   * files under the fit and incident directories.
   */
  public EngineBuilder sharedState(StateStore.Factory stores) {
    this.sharedState = stores;
    return this;
  }

  /**
   * Wires the engine: tenant fits, incident windows, taxonomies and prediction logs each in a store
   * shared by replicas when {@link #sharedState} is set, else in files.
   */
  public Engine build() {
    NeighbourSearch search = new NeighbourSearch(store.index(), settings);
    TenantFits fits =
        new TenantFits(
            state(StateStore.FITS, fitDir), new TenantFitter(store, search, settings, clock));
    IncidentDetector detector = null;
    if (incidents != null) {
      StateStore incidentState = state(StateStore.INCIDENTS, incidentStateDir);
      detector =
          new IncidentDetector(
              store.index(),
              incidents,
              tenant ->
                  fits.recent(tenant)
                      .filter(m -> m.historyStart() != null && m.historyEnd() != null)
                      .map(m -> new Instant[] {m.historyStart(), m.historyEnd()})
                      .orElse(null),
              incidentState);
    }
    ColdStart cold = coldStart == null ? null : coldStart.apply(clock);
    TriageEngine triage =
        new TriageEngine(store, settings, search, fits, clock, detector, cold, coldStartBudget);
    return new Engine(
        triage,
        new Tickets(store, fits, clock, cold, detector),
        new History(store, fits),
        new Tenants(store, fits, triage, cold, detector),
        new Taxonomies(store, fits, cold),
        new Accuracy(triage, cold),
        new MajorIncidents(detector),
        fits,
        cold,
        detector);
  }

  /**
   * The one place that chooses where a kind of engine state lives: the store replicas share when
   * {@link #sharedState} is set, else files in {@code dir} (null: in memory only).
   */
  private StateStore state(String kind, Path dir) {
    if (sharedState != null) {
      return sharedState.open(kind);
    }
    return dir == null ? null : new FileStateStore(dir);
  }
}
