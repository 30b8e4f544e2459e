package dev.sift.engine.coldstart;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sift.engine.AnswerMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What live feedback says about cold start, per tenant: each field's accuracy per method over the
 * last {@link #WINDOW}, and the LLM's calibration from its scored answers. Read from the prediction
 * log at most once per {@link #CACHE} per tenant, because every triage of a cold tenant asks.
 */
final class LiveFigures {

  /**
   * Scored live suggestions needed before their figures replace a backtest in the hand-over to
   * neighbours.
   */
  static final int MIN_SCORED = 30;

  /** The window of live figures that steer method choice and calibration. */
  static final Duration WINDOW = Duration.ofDays(30);

  /** Live figures are recomputed at most this often per tenant. */
  static final Duration CACHE = Duration.ofSeconds(60);

  private final PredictionLog predictions;
  private final Clock clock;
  private final double targetPrecision;

  /** On the engine's clock, so that a replay or a test moves it as it moves ticket time. */
  private final Cache<String, Snapshot> snapshots;

  /**
   * Figures per field and method, the outcome count they were read at, and the LLM's calibrations.
   */
  private record Snapshot(
      long outcomes,
      Map<String, Map<String, PredictionLog.FieldAccuracy>> figures,
      Map<String, ColdCalibration> llm) {}

  LiveFigures(PredictionLog predictions, Clock clock, double targetPrecision) {
    this.predictions = predictions;
    this.clock = clock;
    this.targetPrecision = targetPrecision;
    this.snapshots =
        Caffeine.newBuilder()
            .expireAfterWrite(CACHE)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
  }

  /**
   * Outcomes logged for the tenant when its figures were last read: a cheap sign that live feedback
   * moved.
   */
  long outcomes(String tenant) {
    return snapshot(tenant).outcomes();
  }

  /**
   * The method's live accuracy on the field once at least {@link #MIN_SCORED} suggestions are
   * scored, else null.
   */
  Double accuracy(String tenant, String field, AnswerMethod method) {
    PredictionLog.FieldAccuracy a =
        snapshot(tenant).figures().getOrDefault(field, Map.of()).get(method.wire());
    return a != null && a.scored() >= MIN_SCORED ? a.guessAccuracy() : null;
  }

  /**
   * The LLM's calibration for a field: its live outcomes (the answers it named, scored), rule of
   * succession for the confidence, and the same evidence cap and Wilson threshold as zero-shot
   * (ColdCalibration).
   */
  ColdCalibration llmCalibration(String tenant, String field) {
    return snapshot(tenant)
        .llm()
        .computeIfAbsent(
            field,
            f -> {
              List<ColdCalibration.Outcome> outcomes =
                  scored(tenant, f, AnswerMethod.LLM).stream()
                      .map(s -> new ColdCalibration.Outcome(s.score(), s.right()))
                      .toList();
              return ColdCalibration.fit(outcomes, 1, targetPrecision);
            });
  }

  /** The method's scored suggestions on the field within the window. */
  List<PredictionLog.Scored> scored(String tenant, String field, AnswerMethod method) {
    Instant now = clock.instant();
    return predictions.scored(tenant, field, method.wire(), now.minus(WINDOW), now.plusSeconds(1));
  }

  void forget(String tenant) {
    snapshots.invalidate(tenant);
  }

  private Snapshot snapshot(String tenant) {
    return snapshots.get(
        tenant,
        t -> {
          Instant now = clock.instant();
          return new Snapshot(
              predictions.outcomeCount(t),
              predictions.accuracy(t, now.minus(WINDOW), now.plusSeconds(1)),
              new ConcurrentHashMap<>());
        });
  }
}
