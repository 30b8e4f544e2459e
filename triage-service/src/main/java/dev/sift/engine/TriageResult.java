package dev.sift.engine;

import java.util.List;
import java.util.Map;

/**
 * The answer to a triage request. Its field names are a public contract that callers' scripts depend on.
 *
 * @param suggestions per field json name; a field the tenant's history never has is absent
 * @param eta null when the tenant has no resolved history
 * @param cluster the cluster of recent similar tickets this one joined; null when incident detection is off
 */
public record TriageResult(String tenant, String method, Map<String, Suggestion> suggestions, Eta eta,
    List<NeighbourView> neighbours, String modelVersion, long tookMs,
    dev.sift.engine.incident.ClusterView cluster) {

  /**
   * A suggested value. When {@code abstained}, {@code value} is null and the value that would have been suggested
   * leads the alternatives.
   */
  public record Suggestion(String value, double confidence, boolean abstained, List<Alternative> alternatives) {}

  public record Alternative(String value, double confidence) {}

  /** A past ticket behind the suggestions. */
  public record NeighbourView(String ticketId, double similarity, String subject, String category,
      String assignmentGroup, String assignee, String priority, Long resolutionMinutes, String resolution) {}
}
