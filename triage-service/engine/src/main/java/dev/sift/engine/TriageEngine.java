package dev.sift.engine;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import dev.sift.embedding.TextPreparer;
import dev.sift.engine.coldstart.ColdStart;
import dev.sift.engine.coldstart.PredictionLog;
import dev.sift.engine.coldstart.Taxonomy;
import dev.sift.engine.incident.ClusterView;
import dev.sift.engine.incident.IncidentDetector;
import dev.sift.engine.incident.IncidentSettings;
import dev.sift.engine.incident.TicketArrival;
import dev.sift.engine.state.FileStateStore;
import dev.sift.engine.state.StateStore;
import java.time.Instant;
import java.util.Optional;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Historical vector triage: finds a tenant's nearest past tickets and turns their similarity-weighted votes into
 * calibrated suggestions, abstaining below each field's backtested threshold. Plain Java, so that offline
 * evaluation runs exactly what the service runs.
 */
public final class TriageEngine implements AutoCloseable {

  /** Alternatives listed beside a suggestion. */
  private static final int MAX_ALTERNATIVES = 3;
  private static final double ROUNDING = 1000.0;

  private final TicketStore store;
  private final EngineSettings settings;
  private final NeighbourSearch search;
  private final TenantModels models;
  private final EtaEstimator eta;
  private final Clock clock;
  private final IncidentDetector incidents;
  private final ColdStart coldStart;
  /** How long a triage may wait for the LLM from its arrival; zero-shot answers when it runs out. */
  private final java.time.Duration coldStartBudget;

  private TriageEngine(TicketStore store, EngineSettings settings, Path modelDir, Clock clock,
      IncidentSettings incidentSettings, Path incidentStateDir, ColdStart coldStart,
      java.time.Duration coldStartBudget, StateStore.Factory sharedState) {
    this.store = store;
    this.coldStart = coldStart;
    this.coldStartBudget = coldStartBudget;
    this.settings = settings;
    this.clock = clock;
    this.search = new NeighbourSearch(store.index(), settings);
    this.models = new TenantModels(sharedState != null ? sharedState.open(StateStore.MODELS)
        : new FileStateStore(modelDir), new TenantModelFitter(store, search, settings, clock));
    StateStore incidentState = sharedState != null ? sharedState.open(StateStore.INCIDENTS)
        : incidentStateDir != null ? new FileStateStore(incidentStateDir) : null;
    this.eta = new EtaEstimator(settings.etaMinResolved(), settings.etaPriorWeight());
    this.incidents = incidentSettings == null ? null
        : new IncidentDetector(store.index(), incidentSettings, tenant -> models.current(tenant)
            .filter(m -> m.historyStart() != null && m.historyEnd() != null)
            .map(m -> new Instant[] {m.historyStart(), m.historyEnd()}).orElse(null), incidentState);
  }

  /** The major-incident detector, when it is on. */
  public Optional<IncidentDetector> incidents() {
    return Optional.ofNullable(incidents);
  }

  /** Cold-start triage (taxonomies, zero-shot, LLM, prediction log), when it is on. */
  public Optional<ColdStart> coldStart() {
    return Optional.ofNullable(coldStart);
  }

  /** The tenant's explicit taxonomy, else one derived from its history's labels; empty for an unknown tenant. */
  public Optional<Taxonomy> taxonomy(String tenant) {
    if (coldStart == null) {
      return Optional.empty();
    }
    return coldStart.taxonomy(tenant, store.exists(tenant) ? models.get(tenant) : null);
  }

  /** The method that answers each field now: {@code neighbours} or the cold-start method. */
  public Map<String, String> methods(String tenant) {
    if (!knows(tenant)) {
      throw new UnknownTenantException(tenant);
    }
    TenantModel model = store.exists(tenant) ? models.get(tenant) : null;
    Map<String, String> out = new LinkedHashMap<>();
    for (LabelField f : LabelField.values()) {
      FieldModel fm = model == null ? null : model.fields().get(f.jsonName());
      if (fm != null && (coldStart == null || coldStart.prefersNeighbours(tenant, f.jsonName(), fm, model))) {
        out.put(f.jsonName(), ColdStart.NEIGHBOURS);
      } else if (coldStart != null && coldStart.fields(tenant, model).contains(f.jsonName())) {
        out.put(f.jsonName(), coldStart.method());
      }
    }
    return out;
  }

  /** Whether the tenant has history, or a taxonomy that makes it triageable without history. */
  public boolean knows(String tenant) {
    return store.exists(tenant) || (coldStart != null && coldStart.hasTaxonomy(tenant));
  }

  public static Builder builder(TicketStore store, Path modelDir) {
    return new Builder(store, modelDir);
  }

  public EngineSettings settings() {
    return settings;
  }

  public TicketStore store() {
    return store;
  }

  /**
   * Stores tickets durably; calibration catches up in the background as history grows. The batch's arrivals, as
   * {@link TicketSource#AUTO} tells them apart from a history sync, also enter the tenant's incident window.
   */
  public void upsert(String tenant, List<Ticket> tickets) {
    upsert(tenant, tickets, TicketSource.AUTO);
  }

  /**
   * Stores tickets durably; calibration catches up in the background as history grows. Tickets that
   * {@code source} counts as arrivals also enter the tenant's incident window; past tickets do not.
   */
  public void upsert(String tenant, List<Ticket> tickets, TicketSource source) {
    List<float[]> vectors;
    models.writing(tenant);
    try {
      vectors = store.upsert(tenant, tickets);
    } finally {
      models.written(tenant);
    }
    models.maybeRefresh(tenant, store.count(tenant));
    if (coldStart != null) {
      coldStart.predictions().score(tenant, tickets);
    }
    if (incidents != null) {
      Instant now = clock.instant();
      for (int i : source.arrivals(tickets, now, incidents.settings().expiry())) {
        Ticket t = tickets.get(i);
        incidents.observe(tenant, new TicketArrival(t.id(), t.subject(), t.requester(), t.client(),
            t.createdAt() != null ? t.createdAt() : now), vectors.get(i));
      }
    }
  }

  /** Stores a bulk import and refits the tenant's calibration before returning. */
  public TenantModel importHistory(String tenant, List<Ticket> tickets) {
    store.upsert(tenant, tickets);
    return models.refit(tenant);
  }

  /**
   * Deletes a ticket from the index and forgets it in the tenant's incident window, which keeps subjects and
   * requesters of recent tickets (also of triaged tickets that were never stored); returns whether either held it.
   */
  public boolean delete(String tenant, String id) {
    boolean deleted = store.delete(tenant, id);
    if (deleted) {
      models.maybeRefresh(tenant, store.count(tenant));
    }
    boolean forgotten = incidents != null && incidents.forget(tenant, id);
    return deleted || forgotten;
  }

  public void deleteTenant(String tenant) {
    store.deleteTenant(tenant);
    models.forget(tenant);
    if (incidents != null) {
      incidents.forgetTenant(tenant);
    }
    if (coldStart != null) {
      coldStart.taxonomies().delete(tenant);
      coldStart.predictions().deleteTenant(tenant);
      coldStart.forget(tenant);
    }
  }

  public TenantModel refit(String tenant) {
    return models.refit(tenant);
  }

  /**
   * Every tenant triage answers for: those with stored tickets and those with only a taxonomy (cold start). Staging
   * copies of a rebuild are not tenants.
   */
  public java.util.SortedSet<String> tenants() {
    java.util.SortedSet<String> out = new java.util.TreeSet<>();
    store.index().tenants().stream().filter(dev.sift.index.TenantNames::isValid).forEach(out::add);
    if (coldStart != null) {
      coldStart.taxonomies().tenants().stream().filter(dev.sift.index.TenantNames::isValid).forEach(out::add);
    }
    return out;
  }

  /** Refits the tenant now, telling {@code progress} how far the fit has come. */
  public TenantModel refit(String tenant, FitProgress progress) {
    return models.refit(tenant, progress);
  }

  public java.util.Optional<TenantModel> model(String tenant) {
    return models.current(tenant);
  }

  public TriageResult triage(String tenant, TriageRequest request) {
    return triage(tenant, request, settings.k());
  }

  public TriageResult triage(String tenant, TriageRequest request, int k) {
    return triage(tenant, request, k, clock.instant());
  }

  /**
   * @param arrived when the request arrived: the LLM's budget ({@code sift.llm.timeout}) counts from it, so that
   *     time spent queued for a worker comes out of it and the whole triage is bounded by one deadline
   */
  public TriageResult triage(String tenant, TriageRequest request, int k, Instant arrived) {
    long start = System.nanoTime();
    if (k < 1 || k > settings.maxK()) {
      throw new IllegalArgumentException("k must be between 1 and " + settings.maxK() + ", was " + k);
    }
    if (!knows(tenant)) {
      throw new UnknownTenantException(tenant);
    }
    String text = TextPreparer.prepare(request.subject(), request.body());
    // The tenant's own model: after a model change its vectors stay on the old one until it is re-embedded.
    return triagePrepared(tenant, request, k, text, store.embedderFor(tenant).embed(text), start,
        arrived.plus(coldStartBudget));
  }

  /**
   * Triage with a vector computed beforehand from {@link TextPreparer#prepare}, for backtests that compare several
   * settings on the same tickets without embedding them again.
   */
  public TriageResult triageEmbedded(String tenant, TriageRequest request, int k, float[] vector) {
    long start = System.nanoTime();
    if (!knows(tenant)) {
      throw new UnknownTenantException(tenant);
    }
    return triagePrepared(tenant, request, k, TextPreparer.prepare(request.subject(), request.body()), vector, start,
        clock.instant().plus(coldStartBudget));
  }

  private TriageResult triagePrepared(String tenant, TriageRequest request, int k, String text, float[] vector,
      long start, Instant llmDeadline) {
    boolean history = store.exists(tenant);
    Set<String> exclude = request.id() == null ? Set.of() : Set.of(request.id());
    List<Neighbour> neighbours = history ? search.find(tenant, vector, text, k, settings.retrieval(), exclude)
        : List.of();
    TenantModel model = history ? models.get(tenant) : null;
    double[] weights = Votes.weights(neighbours, settings.voteTemperature());
    LexicalFeatures.Doc doc = null; // extracted once, for the first field with a lexical head

    Map<String, TriageResult.Suggestion> byNeighbours = new LinkedHashMap<>();
    for (LabelField f : LabelField.values()) {
      FieldModel fm = model == null ? null : model.fields().get(f.jsonName());
      if (fm != null && (coldStart == null || coldStart.prefersNeighbours(tenant, f.jsonName(), fm, model))) {
        if (doc == null && fm.lexical() != null && settings.lexicalHeadWeight() > 0) {
          doc = LexicalFeatures.extract(text, request.requester());
        }
        List<Votes.Share> shares = fm.tilt(Votes.blend(Votes.tally(neighbours, weights, f), fm.head(), vector,
            settings.linearWeight(), fm.lexical(), doc, settings.lexicalHeadWeight()));
        byNeighbours.put(f.jsonName(), suggest(shares, fm, voters(neighbours, f)));
      }
    }
    ColdStart.Answer cold = null;
    if (coldStart != null) {
      List<String> coldFields = coldStart.fields(tenant, model).stream()
          .filter(f -> !byNeighbours.containsKey(f)).toList();
      if (!coldFields.isEmpty()) {
        cold = coldStart.suggest(tenant, model, coldFields, text, vector,
            neighbours.stream().map(Neighbour::ticket).toList(), llmDeadline);
      }
    }
    Map<String, TriageResult.Suggestion> suggestions = new LinkedHashMap<>();
    for (LabelField f : LabelField.values()) {
      TriageResult.Suggestion s = byNeighbours.get(f.jsonName());
      if (s == null && cold != null) {
        s = cold.suggestions().get(f.jsonName());
      }
      if (s != null) {
        suggestions.put(f.jsonName(), s);
      }
    }
    // Resolution times are too noisy for a sharp softmax: the ETA weighs neighbours by plain similarity.
    Eta estimate = model == null || model.eta() == null ? null : eta.estimate(neighbours,
        Votes.weights(neighbours, 0), model.eta(), groupValue(model.eta().baseline(), suggestions));
    ClusterView cluster = incidents == null || !history ? null : incidents.observe(tenant, new TicketArrival(
        request.id(), request.subject(), request.requester(), request.client(),
        request.createdAt() != null ? request.createdAt() : clock.instant()), vector);
    String version = cold == null ? model.version()
        : byNeighbours.isEmpty() ? cold.modelVersion() : model.version() + "+" + cold.modelVersion();
    String method = methodOf(suggestions);
    if (coldStart != null) {
      logSuggestion(tenant, request.id(), suggestions, version, cold == null ? Map.of() : cold.scores());
    }
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    return new TriageResult(tenant, method, suggestions, estimate, views(neighbours), version, tookMs,
        cluster, cold == null ? null : cold.degraded(), cold == null ? null : cold.reason());
  }

  private static String methodOf(Map<String, TriageResult.Suggestion> suggestions) {
    Set<String> methods = new java.util.TreeSet<>();
    suggestions.values().forEach(s -> methods.add(s.method()));
    return methods.size() == 1 ? methods.iterator().next() : methods.isEmpty() ? ColdStart.NEIGHBOURS
        : TriageResult.MIXED;
  }

  private void logSuggestion(String tenant, String ticketId, Map<String, TriageResult.Suggestion> suggestions,
      String version, Map<String, Double> coldScores) {
    Map<String, PredictionLog.FieldGuess> fields = new LinkedHashMap<>();
    // Cold start's raw scores go with its suggestions, so that live feedback can recalibrate them.
    suggestions.forEach((f, s) -> fields.put(f, new PredictionLog.FieldGuess(s.bestGuess(), s.abstained(),
        s.confidence(), s.method(), ColdStart.NEIGHBOURS.equals(s.method()) ? null : coldScores.get(f))));
    coldStart.predictions().record(tenant, ticketId, fields, version);
  }

  private static String groupValue(EtaBaseline baseline, Map<String, TriageResult.Suggestion> suggestions) {
    if (baseline == null || baseline.groupField() == null) {
      return null;
    }
    TriageResult.Suggestion s = suggestions.get(baseline.groupField());
    if (s == null) {
      return null;
    }
    // An abstained field still names its best guess, which is the best prior we have.
    return s.value() != null ? s.value() : s.alternatives().isEmpty() ? null : s.alternatives().getFirst().value();
  }

  private static int voters(List<Neighbour> neighbours, LabelField field) {
    return (int) neighbours.stream().filter(n -> n.ticket().label(field) != null).count();
  }

  /**
   * @param voters neighbours with a value for the field, the evidence behind the shares where the tenant's history
   *     is too small for a backtest
   */
  static TriageResult.Suggestion suggest(List<Votes.Share> shares, FieldModel fm, int voters) {
    if (shares.isEmpty()) {
      return new TriageResult.Suggestion(null, 0, true, List.of());
    }
    Votes.Share top = shares.getFirst();
    double confidence = fm.confidence(top.share(), voters);
    double[] probabilities = Sharpen.toTop(shares.stream().mapToDouble(Votes.Share::share).toArray(), confidence);
    List<TriageResult.Alternative> alternatives = new ArrayList<>();
    boolean abstained = confidence < fm.threshold();
    if (abstained) {
      alternatives.add(new TriageResult.Alternative(top.value(), round(confidence)));
    }
    for (int i = 1; i < shares.size() && alternatives.size() < MAX_ALTERNATIVES; i++) {
      // Only where the calibrated winner is below an even split can flattening not reach it; cap there.
      double p = Math.min(confidence, probabilities[i]);
      alternatives.add(new TriageResult.Alternative(shares.get(i).value(), round(p)));
    }
    return new TriageResult.Suggestion(abstained ? null : top.value(), round(confidence), abstained, alternatives);
  }

  private static List<TriageResult.NeighbourView> views(List<Neighbour> neighbours) {
    List<TriageResult.NeighbourView> out = new ArrayList<>(neighbours.size());
    // Retrieval chose these k; callers read them most similar first.
    List<Neighbour> sorted = new ArrayList<>(neighbours);
    sorted.sort(java.util.Comparator.comparingDouble(Neighbour::similarity).reversed());
    for (Neighbour n : sorted) {
      Ticket t = n.ticket();
      Long minutes = t.resolutionTime().map(d -> d.toMinutes()).orElse(null);
      out.add(new TriageResult.NeighbourView(t.id(), round(n.similarity()),
          TriageResult.NeighbourView.bounded(t.subject()), t.category(), t.assignmentGroup(), t.assignee(),
          t.priority(), minutes, TriageResult.NeighbourView.bounded(t.resolution())));
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * ROUNDING) / ROUNDING;
  }

  @Override
  public void close() {
    models.close();
    if (coldStart != null) {
      coldStart.close();
    }
    if (incidents != null) {
      incidents.close();
    }
  }

  /** Settings for a {@link TriageEngine}. */
  public static final class Builder {
    private final TicketStore store;
    private final Path modelDir;
    private EngineSettings settings = EngineSettings.DEFAULTS;
    private Clock clock = Clock.systemUTC();
    private IncidentSettings incidents;
    private Path incidentStateDir;
    private java.util.function.Function<Clock, ColdStart> coldStart;
    private java.time.Duration coldStartBudget = java.time.Duration.ofSeconds(10);
    private StateStore.Factory sharedState;

    private Builder(TicketStore store, Path modelDir) {
      this.store = Objects.requireNonNull(store, "store");
      this.modelDir = Objects.requireNonNull(modelDir, "modelDir");
    }

    public Builder settings(EngineSettings s) {
      this.settings = Objects.requireNonNull(s);
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /** Turns major-incident detection on; it is off unless set, so that backtests do not cluster. */
    public Builder incidents(IncidentSettings s) {
      this.incidents = s;
      return this;
    }

    /** Where the incident detector keeps its clusters across restarts; in memory only when unset. */
    public Builder incidentStateDir(Path dir) {
      this.incidentStateDir = dir;
      return this;
    }

    /**
     * Turns cold-start triage on, with its state (taxonomies, prediction log) under {@code dir}, or shared by
     * replicas when {@link #sharedState} is set (in either order); an LLM when
     * {@code llm} is not null, else zero-shot. Off unless set, so that backtests measure neighbours alone.
     */
    public Builder coldStart(Path dir, ColdStart.Settings s, dev.sift.engine.coldstart.LlmClient llm) {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(s, "settings");
      // Taxonomies go where the other engine state goes: shared by replicas when sharedState is set.
      this.coldStart = c -> new ColdStart(store, new dev.sift.engine.coldstart.TaxonomyStore(sharedState != null
              ? sharedState.open(dev.sift.engine.coldstart.TaxonomyStore.KIND)
              : new FileStateStore(dir.resolve(dev.sift.engine.coldstart.TaxonomyStore.KIND))),
          new PredictionLog(sharedState != null ? sharedState.open(PredictionLog.KIND)
              : new FileStateStore(dir.resolve(PredictionLog.KIND)), dir.resolve(PredictionLog.KIND), c),
          llm, s, c);
      if (llm != null) {
        this.coldStartBudget = llm.settings().timeout();
      }
      return this;
    }

    /**
     * Keeps fitted models and incident state in stores that replicas share (PostgreSQL), instead of files under the
     * model and incident directories.
     */
    public Builder sharedState(StateStore.Factory stores) {
      this.sharedState = stores;
      return this;
    }

    public TriageEngine build() {
      return new TriageEngine(store, settings, modelDir, clock, incidents, incidentStateDir,
          coldStart == null ? null : coldStart.apply(clock), coldStartBudget, sharedState);
    }
  }
}
