package dev.sift.engine.coldstart;

import dev.sift.data.Ticket;
import dev.sift.engine.AnswerMethod;
import dev.sift.engine.FieldFit;
import dev.sift.engine.TenantFit;
import dev.sift.engine.TicketStore;
import dev.sift.engine.TriageResult;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Triage for fields whose history is too small for neighbours: zero-shot over the tenant's
 * taxonomy, or an LLM when one is configured, falling back to zero-shot when the LLM fails. Also
 * decides, per tenant and field, whether neighbours have earned the field.
 */
public final class ColdStart implements AutoCloseable {

  public static final String LLM_UNAVAILABLE = "llm-unavailable";
  public static final String LLM_INVALID_OUTPUT = "llm-invalid-output";

  /**
   * Degraded reason when the LLM's bulkhead was full: the LLM was skipped and zero-shot answered at
   * once.
   */
  public static final String LLM_BUSY = "llm-busy";

  /** Degraded reason while a tenant's first cold fit is still being built: its fields abstain. */
  public static final String COLD_START_BUILDING = "cold-start-building";

  /** LLM answers carry no graded score: every answer the LLM names is logged with this one. */
  static final double LLM_SCORE = 1.0;

  /**
   * @param minHistory labelled tickets a field needs before neighbours may take it over
   * @param targetPrecision precision whose 95% lower bound a field must reach before it stops
   *     abstaining
   * @param minCalibrationTickets labelled outcomes needed before isotonic calibration replaces the
   *     fitted softmax
   * @param backtestSample history tickets replayed at most per tenant
   */
  public record Settings(
      int minHistory, double targetPrecision, int minCalibrationTickets, int backtestSample) {
    public static final Settings DEFAULTS = new Settings(200, 0.9, 30, 2_000);
  }

  private final TicketStore store;
  private final TaxonomyStore taxonomies;
  private final PredictionLog predictions;
  private final LlmClient llm;
  private final Settings settings;
  private final Clock clock;
  private final ColdFits coldFits;
  private final LiveFigures live;
  private final ColdAnswers answers;

  private final DerivedTaxonomies derived = new DerivedTaxonomies();
  private final RecentCounts counts;

  /**
   * What cold start answered for the fields it was given.
   *
   * @param scores per field, the raw score behind the suggestion, for the prediction log to
   *     recalibrate with
   */
  public record Answer(
      Map<String, TriageResult.Suggestion> suggestions,
      String modelVersion,
      String degraded,
      String reason,
      Map<String, Double> scores) {}

  /**
   * @param llm null for zero-shot only
   */
  public ColdStart(
      TicketStore store,
      TaxonomyStore taxonomies,
      PredictionLog predictions,
      LlmClient llm,
      Settings settings,
      Clock clock) {
    this.store = store;
    this.taxonomies = taxonomies;
    this.predictions = predictions;
    this.llm = llm;
    this.settings = settings;
    this.clock = clock;
    this.live = new LiveFigures(predictions, clock, settings.targetPrecision());
    this.coldFits =
        new ColdFits(
            store, settings, (tenant, field) -> live.scored(tenant, field, AnswerMethod.ZERO_SHOT));
    this.answers = new ColdAnswers(store, llm, live);
    this.counts = new RecentCounts(store);
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

  /**
   * The configured cold-start method: {@code llm} when an LLM is configured, else {@code
   * zero-shot}.
   */
  public AnswerMethod method() {
    return llm == null ? AnswerMethod.ZERO_SHOT : AnswerMethod.LLM;
  }

  public boolean hasTaxonomy(String tenant) {
    return taxonomies.get(tenant).isPresent();
  }

  /**
   * The explicit taxonomy, else one derived from the labels of the tenant's history (fit may be
   * null).
   */
  public Optional<Taxonomy> taxonomy(String tenant, TenantFit fit) {
    return taxonomy(tenant, fit, taxonomies.get(tenant));
  }

  private Optional<Taxonomy> taxonomy(
      String tenant, TenantFit fit, Optional<TaxonomyStore.Versioned> explicit) {
    if (explicit.isPresent()) {
      return Optional.of(explicit.get().taxonomy());
    }
    return fit == null ? Optional.empty() : derived.of(tenant, fit);
  }

  /**
   * Whether neighbours answer this field: it has at least {@code minHistory} labelled tickets and
   * its neighbours backtest beats the cold-start method (the live accuracy of the LLM or zero-shot
   * once enough suggestions are scored, else zero-shot's backtest on the same history). A field the
   * taxonomy lacks stays with neighbours.
   */
  public boolean prefersNeighbours(View view, String field, FieldFit fieldFit) {
    long labelled = fieldFit.labelCounts().values().stream().mapToLong(Long::longValue).sum();
    boolean earned = labelled >= settings.minHistory() && fieldFit.backtest().samples() > 0;
    ColdFits.TenantColdFit cold = view.cold;
    if (cold == null) {
      // No cold fit yet (it is being built): neighbours keep what they have earned.
      return earned || view.taxonomy.map(t -> !t.fields().containsKey(field)).orElse(true);
    }
    if (!cold.fields().containsKey(field)) {
      return true;
    }
    return earned && fieldFit.backtest().accuracy() > coldStartAccuracy(view.tenant, field, cold);
  }

  /**
   * The fields cold start can answer for this tenant (while its cold fit is built, they abstain).
   */
  public List<String> fields(View view) {
    if (view.cold != null) {
      return List.copyOf(view.cold.fields().keySet());
    }
    return view.taxonomy.map(t -> List.copyOf(t.fields().keySet())).orElse(List.of());
  }

  /**
   * What cold start knows of a tenant for one request, looked up once: its taxonomy (the {@link
   * TaxonomyStore#recent} copy, as the tenant is known already) and its cold fit.
   */
  public View view(String tenant, TenantFit fit) {
    Optional<TaxonomyStore.Versioned> explicit = taxonomies.recent(tenant);
    Optional<Taxonomy> taxonomy = taxonomy(tenant, fit, explicit);
    ColdFits.Wanted wanted = wanted(tenant, fit, explicit, taxonomy, false);
    return new View(tenant, taxonomy, wanted == null ? null : coldFits.current(tenant, wanted));
  }

  /** See {@link #view}. */
  public static final class View {
    private final String tenant;
    private final Optional<Taxonomy> taxonomy;
    private final ColdFits.TenantColdFit cold;

    private View(String tenant, Optional<Taxonomy> taxonomy, ColdFits.TenantColdFit cold) {
      this.tenant = tenant;
      this.taxonomy = taxonomy;
      this.cold = cold;
    }
  }

  /**
   * Starts building the tenant's cold fit in the background if it is missing or stale (after a
   * taxonomy put, say); the future completes once the fit triage will use is ready. Triage never
   * waits for it.
   */
  public CompletableFuture<Void> prepare(String tenant, TenantFit fit) {
    Optional<TaxonomyStore.Versioned> explicit = taxonomies.get(tenant);
    ColdFits.Wanted wanted = wanted(tenant, fit, explicit, taxonomy(tenant, fit, explicit), true);
    return wanted == null
        ? CompletableFuture.completedFuture(null)
        : coldFits.prepare(tenant, wanted).thenApply(m -> null);
  }

  /** Whether a cold fit of the tenant is being built right now. */
  public boolean building(String tenant) {
    return coldFits.building(tenant);
  }

  /**
   * Suggestions for the given fields: zero-shot first (it is cheap and is the fallback), then the
   * LLM, when one is configured, until the deadline. While the tenant's first cold fit is being
   * built every field abstains and the answer is degraded {@link #COLD_START_BUILDING}.
   *
   * @param examples the tenant's nearest past tickets, shown to the LLM as examples
   * @param deadline when the triage stops waiting for the LLM (a free call slot, the call, its
   *     retry) and zero-shot answers
   */
  public Answer suggest(
      View view,
      List<String> fields,
      String text,
      float[] vector,
      List<Ticket> examples,
      Instant deadline) {
    String tenant = view.tenant;
    ColdFits.TenantColdFit cold = view.cold;
    if (cold == null) {
      Map<String, TriageResult.Suggestion> out = new LinkedHashMap<>();
      fields.forEach(
          f -> out.put(f, new TriageResult.Suggestion(null, 0, true, List.of(), method())));
      return new Answer(
          out,
          AnswerMethod.ZERO_SHOT.wire() + "/" + store.modelId(),
          COLD_START_BUILDING,
          null,
          Map.of());
    }
    return answers.answer(tenant, cold, fields, text, vector, examples, deadline);
  }

  /** Forgets cached state after a tenant's taxonomy changed or the tenant was deleted. */
  public void forget(String tenant) {
    coldFits.forget(tenant);
    counts.forget(tenant);
    derived.forget(tenant);
    live.forget(tenant);
  }

  private double coldStartAccuracy(String tenant, String field, ColdFits.TenantColdFit cold) {
    Double accuracy = live.accuracy(tenant, field, method());
    return accuracy != null ? accuracy : cold.fields().get(field).historyAccuracy();
  }

  /**
   * What the tenant's cold fit should be built from now; null without any taxonomy. With {@code
   * freshCount} the tickets are counted now, else a count up to {@link RecentCounts#REUSE} old will
   * do.
   */
  private ColdFits.Wanted wanted(
      String tenant,
      TenantFit fit,
      Optional<TaxonomyStore.Versioned> explicit,
      Optional<Taxonomy> taxonomy,
      boolean freshCount) {
    if (taxonomy.isEmpty()) {
      return null;
    }
    // Without an explicit taxonomy the one present was derived from the fit.
    String taxonomyKey =
        explicit.map(v -> "explicit:" + v.version()).orElseGet(() -> "derived:" + fit.version());
    // Prototypes mix taxonomy texts and stored vectors: both must come from the tenant's current
    // embedding model.
    long tickets = counts.count(tenant, freshCount);
    // A tenant without tickets yet has no embedding model of its own: its first tickets get the
    // configured one.
    String embeddingModel =
        java.util.Objects.requireNonNullElse(store.modelOf(tenant), store.modelId());
    return new ColdFits.Wanted(
        taxonomyKey + "@" + embeddingModel,
        explicit.isPresent(),
        taxonomy.get(),
        tickets,
        live.outcomes(tenant));
  }

  @Override
  public void close() {
    coldFits.close();
    predictions.close();
    if (llm != null) {
      llm.close();
    }
  }
}
