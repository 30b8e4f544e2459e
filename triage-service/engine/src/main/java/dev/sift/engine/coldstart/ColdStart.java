package dev.sift.engine.coldstart;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import dev.sift.engine.FieldModel;
import dev.sift.engine.IsotonicCalibrator;
import dev.sift.engine.TenantModel;
import dev.sift.engine.Thresholds;
import dev.sift.engine.TicketStore;
import dev.sift.engine.TriageResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Triage for fields whose history is too small for neighbours: zero-shot over the tenant's taxonomy, or an LLM
 * when one is configured, falling back to zero-shot when the LLM fails. Also decides, per tenant and field,
 * whether neighbours have earned the field.
 */
public final class ColdStart implements AutoCloseable {

  public static final String NEIGHBOURS = "neighbours";
  public static final String ZERO_SHOT = "zero-shot";
  public static final String LLM = "llm";
  public static final String LLM_UNAVAILABLE = "llm-unavailable";
  public static final String LLM_INVALID_OUTPUT = "llm-invalid-output";

  /**
   * Confidence reported for an LLM answer until live feedback has scored enough of them: a prior, not a
   * measurement, set below the 0.9 target precision so that callers auto-apply LLM labels only once feedback
   * shows they are that good.
   */
  static final double LLM_PRIOR_CONFIDENCE = 0.6;
  /**
   * Zero-shot abstains below this prior confidence until the tenant's own history calibrates the field: the
   * lowest prior confidence at which zero-shot answers on the offline calibration set were right at least as often
   * as not (docs/cold-start.md).
   */
  static final double PRIOR_THRESHOLD = 0.5;
  /** Scored live suggestions needed before their figures replace a prior or a backtest. */
  static final int MIN_LIVE_SCORED = 30;
  /** The window of live figures that steer method choice and LLM confidence. */
  static final Duration LIVE_WINDOW = Duration.ofDays(30);
  /** Live figures are recomputed at most this often per tenant. */
  static final Duration LIVE_CACHE = Duration.ofSeconds(60);
  /** Rebuild a tenant's zero-shot model once history has moved by this many tickets... */
  private static final long REBUILD_TICKETS = 20;
  /** ...or by this fraction, whichever is larger. */
  private static final double REBUILD_GROWTH = 0.10;
  private static final long SAMPLE_SEED = 42;
  private static final int MAX_ALTERNATIVES = 3;
  private static final double ROUNDING = 1000.0;

  /**
   * @param minHistory labelled tickets a field needs before neighbours may take it over
   * @param targetPrecision backtested precision a calibrated field must reach before it stops abstaining
   * @param minCalibrationTickets labelled history tickets needed before a field's own backtest replaces the prior
   * @param backtestSample history tickets replayed at most per tenant
   */
  public record Settings(int minHistory, double targetPrecision, int minCalibrationTickets, int backtestSample) {
    public static final Settings DEFAULTS = new Settings(200, 0.9, 30, 2_000);
  }

  private final TicketStore store;
  private final TaxonomyStore taxonomies;
  private final PredictionLog predictions;
  private final ZeroShotClassifier zeroShot;
  private final LlmClient llm;
  private final Settings settings;
  private final Clock clock;
  private final ConcurrentHashMap<String, TenantColdModel> models = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Live> live = new ConcurrentHashMap<>();

  /** One field's zero-shot model: prototypes, calibration (null: the prior) and how it backtested. */
  record FieldCold(ZeroShotClassifier.Prototypes prototypes, IsotonicCalibrator calibrator, double threshold,
      int samples, double accuracy) {}

  record TenantColdModel(String taxonomyKey, Taxonomy taxonomy, long tickets, Map<String, FieldCold> fields) {}

  private record Live(Instant at, Map<String, Map<String, PredictionLog.FieldAccuracy>> figures) {}

  /** What cold start answered for the fields it was given. */
  public record Answer(Map<String, TriageResult.Suggestion> suggestions, String modelVersion, String degraded,
      String reason) {}

  /**
   * @param llm null for zero-shot only
   */
  public ColdStart(TicketStore store, TaxonomyStore taxonomies, PredictionLog predictions, LlmClient llm,
      Settings settings, Clock clock) {
    this.store = store;
    this.taxonomies = taxonomies;
    this.predictions = predictions;
    this.zeroShot = new ZeroShotClassifier(store.embedder());
    this.llm = llm;
    this.settings = settings;
    this.clock = clock;
  }

  public TaxonomyStore taxonomies() {
    return taxonomies;
  }

  public PredictionLog predictions() {
    return predictions;
  }

  public Settings settings() {
    return settings;
  }

  /** The configured cold-start method: {@code llm} when an LLM is configured, else {@code zero-shot}. */
  public String method() {
    return llm == null ? ZERO_SHOT : LLM;
  }

  public boolean hasTaxonomy(String tenant) {
    return taxonomies.get(tenant).isPresent();
  }

  /** The explicit taxonomy, else one derived from the labels of the tenant's history (model may be null). */
  public Optional<Taxonomy> taxonomy(String tenant, TenantModel model) {
    Optional<TaxonomyStore.Versioned> explicit = taxonomies.get(tenant);
    if (explicit.isPresent()) {
      return Optional.of(explicit.get().taxonomy());
    }
    if (model == null) {
      return Optional.empty();
    }
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    model.fields().forEach((f, fm) -> counts.put(f, fm.labelCounts()));
    Taxonomy derived = Taxonomy.fromLabelCounts(counts);
    return derived.fields().isEmpty() ? Optional.empty() : Optional.of(derived);
  }

  /**
   * Whether neighbours answer this field: it has at least {@code minHistory} labelled tickets and its neighbours
   * backtest beats the cold-start method (the live accuracy of the LLM or zero-shot once enough suggestions are
   * scored, else zero-shot's backtest on the same history). A field the taxonomy lacks stays with neighbours.
   */
  public boolean prefersNeighbours(String tenant, String field, FieldModel fm, TenantModel model) {
    TenantColdModel cold = model(tenant, model);
    if (cold == null || !cold.fields().containsKey(field)) {
      return true;
    }
    long labelled = fm.labelCounts().values().stream().mapToLong(Long::longValue).sum();
    if (labelled < settings.minHistory() || fm.backtest().samples() == 0) {
      return false;
    }
    return fm.backtest().accuracy() > coldStartAccuracy(tenant, field, cold);
  }

  /** The fields cold start can answer for this tenant. */
  public List<String> fields(String tenant, TenantModel model) {
    TenantColdModel cold = model(tenant, model);
    return cold == null ? List.of() : List.copyOf(cold.fields().keySet());
  }

  /**
   * Suggestions for the given fields: zero-shot first (it is cheap and is the fallback), then the LLM, when one is
   * configured, until the deadline.
   *
   * @param examples the tenant's nearest past tickets, shown to the LLM as examples
   * @param budget how long the LLM may take, retry included, from the moment it is called
   */
  public Answer suggest(String tenant, TenantModel model, List<String> fields, String text, float[] vector,
      List<Ticket> examples, Duration budget) {
    TenantColdModel cold = model(tenant, model);
    Map<String, TriageResult.Suggestion> out = new LinkedHashMap<>();
    Map<String, List<ZeroShotClassifier.Scored>> rankings = new LinkedHashMap<>();
    for (String f : fields) {
      FieldCold fc = cold == null ? null : cold.fields().get(f);
      if (fc != null) {
        List<ZeroShotClassifier.Scored> ranked = ZeroShotClassifier.rank(fc.prototypes(), vector, null);
        rankings.put(f, ranked);
        out.put(f, zeroShotSuggestion(fc, ranked));
      }
    }
    String zeroShotVersion = ZERO_SHOT + "/" + store.modelId();
    List<String> llmFields = rankings.keySet().stream().filter(LlmPrompt.FIELDS::contains).toList();
    if (llm == null || llmFields.isEmpty()) {
      return new Answer(out, zeroShotVersion, null, null);
    }
    LlmPrompt.Answer answer;
    Instant deadline = clock.instant().plus(budget);
    try {
      String reply = llm.complete(LlmPrompt.messages(cold.taxonomy(), llmFields, text, promptExamples(examples),
          llm.settings().redact()), LlmPrompt.responseFormat(cold.taxonomy(), llmFields), deadline);
      answer = LlmPrompt.parse(reply, cold.taxonomy(), llmFields);
    } catch (LlmUnavailableException e) {
      return new Answer(out, zeroShotVersion, LLM_UNAVAILABLE, null);
    } catch (LlmInvalidOutputException e) {
      return new Answer(out, zeroShotVersion, LLM_INVALID_OUTPUT, null);
    }
    Map<String, Map<String, PredictionLog.FieldAccuracy>> figures = liveFigures(tenant);
    for (String f : llmFields) {
      out.put(f, llmSuggestion(answer.labels().get(f), rankings.get(f), liveConfidence(figures, f)));
    }
    String version = fields.size() == llmFields.size() ? LLM + "/" + llm.settings().version()
        : LLM + "/" + llm.settings().version() + "+" + zeroShotVersion;
    return new Answer(out, version, null, answer.reason());
  }

  /** Forgets cached state after a tenant's taxonomy changed or the tenant was deleted. */
  public void forget(String tenant) {
    models.remove(tenant);
    live.remove(tenant);
  }

  private static List<LlmPrompt.Example> promptExamples(List<Ticket> tickets) {
    List<LlmPrompt.Example> out = new ArrayList<>();
    for (Ticket t : tickets) {
      Map<String, String> labels = new LinkedHashMap<>();
      for (LabelField f : LabelField.values()) {
        if (t.label(f) != null) {
          labels.put(f.jsonName(), t.label(f));
        }
      }
      String text = t.body() == null ? t.subject() : t.subject() + "\n" + t.body();
      out.add(new LlmPrompt.Example(text, labels));
    }
    return out;
  }

  private TriageResult.Suggestion zeroShotSuggestion(FieldCold fc, List<ZeroShotClassifier.Scored> ranked) {
    if (ranked.isEmpty()) {
      return new TriageResult.Suggestion(null, 0, true, List.of(), ZERO_SHOT);
    }
    double margin = ZeroShotClassifier.margin(ranked);
    double confidence = fc.calibrator() == null ? ZeroShotClassifier.priorConfidence(margin)
        : fc.calibrator().apply(margin);
    boolean abstained = confidence < fc.threshold();
    List<TriageResult.Alternative> alternatives = new ArrayList<>();
    if (abstained) {
      alternatives.add(new TriageResult.Alternative(ranked.getFirst().label(), round(confidence)));
    }
    alternatives.addAll(rest(ranked, ranked.getFirst().label(), confidence));
    return new TriageResult.Suggestion(abstained ? null : ranked.getFirst().label(), round(confidence), abstained,
        alternatives.subList(0, Math.min(MAX_ALTERNATIVES, alternatives.size())), ZERO_SHOT);
  }

  private static TriageResult.Suggestion llmSuggestion(String label, List<ZeroShotClassifier.Scored> ranked,
      double confidence) {
    if (label == null) {
      // Outside the taxonomy or "none": the field abstains, and zero-shot's ranking stands in as alternatives.
      List<TriageResult.Alternative> alternatives = rest(ranked, null, 0);
      return new TriageResult.Suggestion(null, 0, true,
          alternatives.subList(0, Math.min(MAX_ALTERNATIVES, alternatives.size())), LLM);
    }
    List<TriageResult.Alternative> alternatives = rest(ranked, label, confidence);
    return new TriageResult.Suggestion(label, round(confidence), false,
        alternatives.subList(0, Math.min(MAX_ALTERNATIVES, alternatives.size())), LLM);
  }

  /** Zero-shot's ranking without {@code top}, sharing out what {@code topConfidence} leaves. */
  private static List<TriageResult.Alternative> rest(List<ZeroShotClassifier.Scored> ranked, String top,
      double topConfidence) {
    double[] shares = ZeroShotClassifier.shares(ranked);
    double others = 0;
    for (int i = 0; i < ranked.size(); i++) {
      others += ranked.get(i).label().equals(top) ? 0 : shares[i];
    }
    List<TriageResult.Alternative> out = new ArrayList<>();
    for (int i = 0; i < ranked.size() && out.size() < MAX_ALTERNATIVES; i++) {
      if (ranked.get(i).label().equals(top)) {
        continue;
      }
      double p = others == 0 ? 0 : shares[i] / others * (1 - topConfidence);
      out.add(new TriageResult.Alternative(ranked.get(i).label(), round(top == null ? p : Math.min(p,
          topConfidence))));
    }
    return out;
  }

  private double liveConfidence(Map<String, Map<String, PredictionLog.FieldAccuracy>> figures, String field) {
    PredictionLog.FieldAccuracy a = figures.getOrDefault(field, Map.of()).get(LLM);
    return a != null && a.answered() >= MIN_LIVE_SCORED && a.accuracy() != null ? a.accuracy()
        : LLM_PRIOR_CONFIDENCE;
  }

  private double coldStartAccuracy(String tenant, String field, TenantColdModel cold) {
    PredictionLog.FieldAccuracy a = liveFigures(tenant).getOrDefault(field, Map.of()).get(method());
    if (a != null && a.scored() >= MIN_LIVE_SCORED && a.guessAccuracy() != null) {
      return a.guessAccuracy();
    }
    FieldCold fc = cold.fields().get(field);
    return fc.samples() > 0 ? fc.accuracy() : 0;
  }

  private Map<String, Map<String, PredictionLog.FieldAccuracy>> liveFigures(String tenant) {
    Instant now = clock.instant();
    Live l = live.get(tenant);
    if (l == null || l.at().plus(LIVE_CACHE).isBefore(now)) {
      l = new Live(now, predictions.accuracy(tenant, now.minus(LIVE_WINDOW), now.plusSeconds(1)));
      live.put(tenant, l);
    }
    return l.figures();
  }

  /** The tenant's zero-shot model, rebuilt when its taxonomy changed or its history moved enough. */
  TenantColdModel model(String tenant, TenantModel tenantModel) {
    Optional<TaxonomyStore.Versioned> explicit = taxonomies.get(tenant);
    String taxonomyKey = explicit.map(v -> "explicit:" + v.version())
        .orElseGet(() -> tenantModel == null ? null : "derived:" + tenantModel.version());
    if (taxonomyKey == null) {
      return null;
    }
    // Prototypes mix taxonomy texts and stored vectors: both must come from the tenant's current model.
    String key = taxonomyKey + "@" + store.modelOf(tenant);
    long tickets = store.exists(tenant) ? store.count(tenant) : 0;
    TenantColdModel m = models.get(tenant);
    if (m != null && m.taxonomyKey().equals(key) && Math.abs(tickets - m.tickets())
        < Math.max(REBUILD_TICKETS, REBUILD_GROWTH * m.tickets())) {
      return m;
    }
    synchronized (models) {
      TenantColdModel again = models.get(tenant);
      if (again != null && again != m) {
        return again;
      }
      Optional<Taxonomy> taxonomy = taxonomy(tenant, tenantModel);
      if (taxonomy.isEmpty()) {
        return null;
      }
      TenantColdModel built = build(tenant, key, taxonomy.get(), tickets);
      models.put(tenant, built);
      return built;
    }
  }

  private record Sampled(float[] vector, Map<String, String> labels) {}

  /**
   * Embeds the taxonomy, adds the tenant's labelled history to the prototypes, and backtests zero-shot on a
   * sample of that history (each ticket taken out of its own prototype) to calibrate each field.
   */
  TenantColdModel build(String tenant, String key, Taxonomy taxonomy, long tickets) {
    // The tenant's own model, which its stored vectors come from (it differs from the configured one until a
    // re-embed after a model change).
    Map<String, ZeroShotClassifier.Prototypes> protos = store.embedderFor(tenant).equals(store.embedder())
        ? zeroShot.prototypes(taxonomy) : new ZeroShotClassifier(store.embedderFor(tenant)).prototypes(taxonomy);
    List<Sampled> sample = new ArrayList<>();
    if (tickets > 0) {
      Random random = new Random(SAMPLE_SEED);
      long[] seen = {0};
      store.forEach(tenant, (ticket, vector, text) -> {
        Map<String, String> labels = new LinkedHashMap<>();
        protos.forEach((field, p) -> {
          String label = LabelField.fromJsonName(field).map(ticket::label)
              .map(v -> taxonomy.match(field, v)).orElse(null);
          if (label != null && p.add(label, vector)) {
            labels.put(field, label);
          }
        });
        if (labels.isEmpty()) {
          return;
        }
        seen[0]++;
        Sampled s = new Sampled(vector, labels);
        if (sample.size() < settings.backtestSample()) {
          sample.add(s);
        } else {
          long j = random.nextLong(seen[0]);
          if (j < settings.backtestSample()) {
            sample.set((int) j, s);
          }
        }
      });
    }
    Map<String, FieldCold> fields = new LinkedHashMap<>();
    protos.forEach((field, p) -> fields.put(field, backtest(field, p, sample)));
    return new TenantColdModel(key, taxonomy, tickets, fields);
  }

  private FieldCold backtest(String field, ZeroShotClassifier.Prototypes p, List<Sampled> sample) {
    List<double[]> outcomes = new ArrayList<>();
    for (Sampled s : sample) {
      String truth = s.labels().get(field);
      if (truth == null) {
        continue;
      }
      List<ZeroShotClassifier.Scored> ranked = ZeroShotClassifier.rank(p, s.vector(), truth);
      outcomes.add(new double[] {ZeroShotClassifier.margin(ranked),
          ranked.getFirst().label().equals(truth) ? 1 : 0});
    }
    int n = outcomes.size();
    double right = outcomes.stream().mapToDouble(o -> o[1]).sum();
    if (n < settings.minCalibrationTickets()) {
      return new FieldCold(p, null, PRIOR_THRESHOLD, n, n == 0 ? 0 : right / n);
    }
    double[] margins = new double[n];
    boolean[] correct = new boolean[n];
    for (int i = 0; i < n; i++) {
      margins[i] = outcomes.get(i)[0];
      correct[i] = outcomes.get(i)[1] > 0;
    }
    IsotonicCalibrator calibrator = IsotonicCalibrator.fit(margins, correct);
    double[] confidence = new double[n];
    for (int i = 0; i < n; i++) {
      confidence[i] = calibrator.apply(margins[i]);
    }
    double threshold = Thresholds.lowest(confidence, correct, settings.targetPrecision()).value();
    return new FieldCold(p, calibrator, threshold, n, right / n);
  }

  private static double round(double v) {
    return Math.round(v * ROUNDING) / ROUNDING;
  }

  @Override
  public void close() {
    if (llm != null) {
      llm.close();
    }
  }
}
