package dev.sift.engine;

import java.util.List;
import java.util.Map;

/**
 * The answer to a triage request. Its field names are a public contract that callers' scripts
 * depend on.
 *
 * @param method the method behind every suggestion, or {@link AnswerMethod#MIXED} when fields
 *     differ; each suggestion names its own
 * @param suggestions per field json name; a field neither the history nor the taxonomy has is
 *     absent
 * @param eta null when the tenant has no resolved history
 * @param modelVersion what produced the suggestions; methods joined by {@code +} when fields differ
 * @param cluster the cluster of recent similar tickets this one joined; null when incident
 *     detection is off
 * @param degraded null normally; {@code llm-unavailable} when the LLM failed or timed out and
 *     zero-shot answered instead, {@code llm-invalid-output} when it answered with something other
 *     than the JSON asked for, {@code llm-busy} when every LLM call slot was taken and zero-shot
 *     answered at once
 * @param reason the LLM's one-sentence reason, when it answered
 */
public record TriageResult(
    String tenant,
    AnswerMethod method,
    Map<String, Suggestion> suggestions,
    Eta eta,
    List<NeighbourView> neighbours,
    String modelVersion,
    long tookMs,
    dev.sift.engine.incident.ClusterView cluster,
    String degraded,
    String reason) {

  /**
   * A suggested value. When {@code abstained}, {@code value} is null and the value that would have
   * been suggested leads the alternatives.
   *
   * @param method how it was answered; never {@link AnswerMethod#MIXED}
   */
  public record Suggestion(
      String value,
      double confidence,
      boolean abstained,
      List<Alternative> alternatives,
      AnswerMethod method) {

    public Suggestion(
        String value, double confidence, boolean abstained, List<Alternative> alternatives) {
      this(value, confidence, abstained, alternatives, AnswerMethod.NEIGHBOURS);
    }

    /**
     * The value, or when abstaining the one that would have been suggested; null when there is
     * none.
     */
    public String bestGuess() {
      return value != null
          ? value
          : alternatives.isEmpty() ? null : alternatives.getFirst().value();
    }
  }

  public record Alternative(String value, double confidence) {}

  /**
   * A past ticket behind the suggestions. Its {@code subject} and {@code resolution} are at most
   * {@link #MAX_TEXT_CHARS} chars: a longer one is cut and ends with {@link #CUT_MARKER}, so that a
   * triage answer stays small whatever a neighbour holds.
   */
  public record NeighbourView(
      String ticketId,
      double similarity,
      String subject,
      String category,
      String assignmentGroup,
      String assignee,
      String priority,
      Long resolutionMinutes,
      String resolution) {

    /** Longest subject or resolution shown, marker included. */
    public static final int MAX_TEXT_CHARS = 1_000;

    /** Ends a text that was cut. */
    public static final String CUT_MARKER = "\u2026";

    /** {@code text} cut to {@link #MAX_TEXT_CHARS}, never inside a surrogate pair. */
    static String bounded(String text) {
      if (text == null || text.length() <= MAX_TEXT_CHARS) {
        return text;
      }
      int end = MAX_TEXT_CHARS - CUT_MARKER.length();
      if (Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      return text.substring(0, end) + CUT_MARKER;
    }
  }
}
