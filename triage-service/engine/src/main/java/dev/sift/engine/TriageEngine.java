package dev.sift.engine;

import dev.sift.data.LabelField;
import dev.sift.embedding.TextPreparer;
import dev.sift.engine.coldstart.ColdStart;
import dev.sift.engine.incident.ClusterView;
import dev.sift.engine.incident.IncidentDetector;
import dev.sift.engine.incident.TicketArrival;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The triage front of an {@link Engine}: historical vector triage finds a tenant's nearest past
 * tickets and turns their similarity-weighted votes into calibrated suggestions, abstaining below
 * each field's backtested threshold; cold start answers the fields history cannot yet. Also says
 * which method answers each field now. Plain Java, so that offline evaluation runs exactly what the
 * service runs.
 */
public final class TriageEngine {

  private final TicketStore store;
  private final EngineSettings settings;
  private final NeighbourSearch search;
  private final TenantFits fits;
  private final EtaEstimator eta;
  private final Clock clock;
  private final IncidentDetector incidents;
  private final ColdStart coldStart;

  /**
   * How long a triage may wait for the LLM from its arrival; zero-shot answers when it runs out.
   */
  private final Duration coldStartBudget;

  /** Built by {@link EngineBuilder}, which wires the parts. */
  TriageEngine(
      TicketStore store,
      EngineSettings settings,
      NeighbourSearch search,
      TenantFits fits,
      Clock clock,
      IncidentDetector incidents,
      ColdStart coldStart,
      Duration coldStartBudget) {
    this.store = store;
    this.settings = settings;
    this.search = search;
    this.fits = fits;
    this.eta = new EtaEstimator(settings.etaMinResolved(), settings.etaPriorWeight());
    this.clock = clock;
    this.incidents = incidents;
    this.coldStart = coldStart;
    this.coldStartBudget = coldStartBudget;
  }

  /** The method that answers each field now: {@code neighbours} or the cold-start method. */
  public Map<String, AnswerMethod> methods(String tenant) {
    if (!knows(tenant)) {
      throw new UnknownTenantException(tenant);
    }
    TenantFit fit = store.exists(tenant) ? fits.get(tenant) : null;
    ColdStart.View cold = coldStart == null ? null : coldStart.view(tenant, fit);
    Map<String, AnswerMethod> out = new LinkedHashMap<>();
    for (LabelField f : LabelField.values()) {
      if (neighboursAnswer(cold, fit, f) != null) {
        out.put(f.jsonName(), AnswerMethod.NEIGHBOURS);
      } else if (cold != null && coldStart.fields(cold).contains(f.jsonName())) {
        out.put(f.jsonName(), coldStart.method());
      }
    }
    return out;
  }

  /** The field's fit when neighbours answer it now (rather than cold start), else null. */
  private FieldFit neighboursAnswer(ColdStart.View cold, TenantFit fit, LabelField f) {
    FieldFit fieldFit = fit == null ? null : fit.fields().get(f.jsonName());
    return fieldFit != null
            && (cold == null || coldStart.prefersNeighbours(cold, f.jsonName(), fieldFit))
        ? fieldFit
        : null;
  }

  /** Whether the tenant has history, or a taxonomy that makes it triageable without history. */
  boolean knows(String tenant) {
    return store.exists(tenant) || (coldStart != null && coldStart.hasTaxonomy(tenant));
  }

  public EngineSettings settings() {
    return settings;
  }

  public TriageResult triage(String tenant, TriageRequest request) {
    return triage(tenant, request, settings.k());
  }

  public TriageResult triage(String tenant, TriageRequest request, int k) {
    return triage(tenant, request, k, clock.instant());
  }

  /**
   * @param arrived when the request arrived: the LLM's budget ({@code sift.llm.timeout}) counts
   *     from it, so that time spent queued for a worker comes out of it and the whole triage is
   *     bounded by one deadline
   */
  public TriageResult triage(String tenant, TriageRequest request, int k, Instant arrived) {
    long start = System.nanoTime();
    if (k < 1 || k > settings.maxK()) {
      throw new IllegalArgumentException(
          "k must be between 1 and " + settings.maxK() + ", was " + k);
    }
    if (!knows(tenant)) {
      throw new UnknownTenantException(tenant);
    }
    String text = TextPreparer.prepare(request.subject(), request.body());
    // The tenant's own model: after a model change its vectors stay on the old one until it is
    // re-embedded.
    return triagePrepared(
        tenant,
        request,
        k,
        text,
        store.embedderFor(tenant).embed(text),
        start,
        arrived.plus(coldStartBudget));
  }

  /**
   * Triage with a vector computed beforehand from {@link TextPreparer#prepare}, for backtests that
   * compare several settings on the same tickets without embedding them again.
   */
  public TriageResult triageEmbedded(String tenant, TriageRequest request, int k, float[] vector) {
    long start = System.nanoTime();
    if (!knows(tenant)) {
      throw new UnknownTenantException(tenant);
    }
    return triagePrepared(
        tenant,
        request,
        k,
        TextPreparer.prepare(request.subject(), request.body()),
        vector,
        start,
        clock.instant().plus(coldStartBudget));
  }

  private TriageResult triagePrepared(
      String tenant,
      TriageRequest request,
      int k,
      String text,
      float[] vector,
      long start,
      Instant llmDeadline) {
    boolean history = store.exists(tenant);
    Set<String> exclude = request.id() == null ? Set.of() : Set.of(request.id());
    List<Neighbour> neighbours =
        history ? search.find(tenant, vector, text, k, settings.retrieval(), exclude) : List.of();
    TenantFit fit = history ? fits.get(tenant) : null;
    ColdStart.View coldView =
        coldStart == null ? null : coldStart.view(tenant, fit); // once per triage
    Map<String, TriageResult.Suggestion> byNeighbours =
        Suggestions.fromNeighbours(
            neighbours,
            vector,
            text,
            request.requester(),
            settings,
            f -> neighboursAnswer(coldView, fit, f));
    ColdStart.Answer cold = null;
    if (coldStart != null) {
      List<String> coldFields =
          coldStart.fields(coldView).stream().filter(f -> !byNeighbours.containsKey(f)).toList();
      if (!coldFields.isEmpty()) {
        cold =
            coldStart.suggest(
                coldView,
                coldFields,
                text,
                vector,
                neighbours.stream().map(Neighbour::ticket).toList(),
                llmDeadline);
      }
    }
    Map<String, TriageResult.Suggestion> suggestions =
        Suggestions.merge(byNeighbours, cold == null ? Map.of() : cold.suggestions());
    // Resolution times are too noisy for a sharp softmax: the ETA weighs neighbours by plain
    // similarity.
    Eta estimate =
        fit == null || fit.eta() == null
            ? null
            : eta.estimate(
                neighbours,
                Votes.weights(neighbours, 0),
                fit.eta(),
                Suggestions.groupValue(fit.eta().baseline(), suggestions));
    ClusterView cluster =
        incidents == null || !history
            ? null
            : incidents.observe(
                tenant,
                new TicketArrival(
                    request.id(),
                    request.subject(),
                    request.requester(),
                    request.client(),
                    request.createdAt() != null ? request.createdAt() : clock.instant()),
                vector);
    String version =
        cold == null
            ? fit.version()
            : byNeighbours.isEmpty()
                ? cold.modelVersion()
                : fit.version() + "+" + cold.modelVersion();
    AnswerMethod method = Suggestions.methodOf(suggestions);
    if (coldStart != null) {
      coldStart
          .predictions()
          .record(
              tenant,
              request.id(),
              Suggestions.guesses(suggestions, cold == null ? Map.of() : cold.scores()),
              version);
    }
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    return new TriageResult(
        tenant,
        method,
        suggestions,
        estimate,
        Suggestions.views(neighbours),
        version,
        tookMs,
        cluster,
        cold == null ? null : cold.degraded(),
        cold == null ? null : cold.reason());
  }
}
