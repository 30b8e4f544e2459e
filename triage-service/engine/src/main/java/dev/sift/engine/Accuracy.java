package dev.sift.engine;

import dev.sift.data.Ticket;
import dev.sift.engine.coldstart.ColdStart;
import dev.sift.engine.coldstart.PredictionLog;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Live accuracy: every suggestion is logged, and scored once its ticket comes back with final
 * labels. Reports the figures per field and method, and which method answers each field now. Kept
 * by cold start, which chooses between methods on these figures; with cold start off there is no
 * log.
 */
public final class Accuracy {

  private final TriageEngine triage;
  private final ColdStart coldStart;

  Accuracy(TriageEngine triage, ColdStart coldStart) {
    this.triage = triage;
    this.coldStart = coldStart;
  }

  /** The method that answers each field now: {@code neighbours} or the cold-start method. */
  public Map<String, AnswerMethod> methods(String tenant) {
    return triage.methods(tenant);
  }

  /**
   * Figures per field, then per method, for suggestions made in [from, to).
   *
   * @throws IllegalStateException when cold start is off
   */
  public Map<String, Map<String, PredictionLog.FieldAccuracy>> figures(
      String tenant, Instant from, Instant to) {
    if (coldStart == null) {
      throw new IllegalStateException("cold start is off: there is no prediction log");
    }
    return coldStart.predictions().accuracy(tenant, from, to);
  }

  /**
   * Scores the logged suggestions of these tickets against their final labels, as {@link
   * Tickets#upsert} does, without storing the tickets; tickets never suggested for are ignored.
   */
  public void score(String tenant, List<Ticket> tickets) {
    if (coldStart != null) {
      coldStart.predictions().score(tenant, tickets);
    }
  }
}
