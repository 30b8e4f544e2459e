package dev.sift.service.connectors;

import dev.sift.engine.Eta;
import dev.sift.engine.TriageResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The internal note or comment Sift leaves on the ticket, in plain text: every suggestion with its
 * confidence and what became of it, the expected time to resolve, and the past tickets behind it.
 * An agent reads it to see why a field was set, and what Sift would have said where it did not
 * dare.
 */
final class TriageNote {

  /** Neighbours named in the note; the rest are in Sift's API response. */
  static final int NEIGHBOURS_SHOWN = 3;

  private static final int MINUTES_PER_HOUR = 60;
  private static final int MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

  private TriageNote() {}

  static String render(TriageResult result, List<FieldDecision> decisions) {
    Map<String, List<FieldDecision>> byField =
        decisions.stream().collect(Collectors.groupingBy(FieldDecision::siftField));
    StringBuilder out = new StringBuilder("Sift triage (applied only where Sift is confident):\n");
    result
        .suggestions()
        .forEach(
            (field, suggestion) -> {
              if (suggestion.bestGuess() == null) {
                return;
              }
              out.append("- ").append(field).append(": ");
              if (suggestion.abstained()) {
                out.append("Sift is unsure: best guess ")
                    .append(suggestion.bestGuess())
                    .append(" (")
                    .append(confidence(suggestion.confidence()))
                    .append("), not applied");
              } else {
                out.append(suggestion.value())
                    .append(" (")
                    .append(confidence(suggestion.confidence()))
                    .append(")");
                for (FieldDecision d : byField.getOrDefault(field, List.of())) {
                  out.append(
                      d.applied()
                          ? "; set as " + d.target() + " '" + d.platformValue() + "'"
                          : "; not set as " + d.target() + ": no mapping for this value");
                }
              }
              out.append('\n');
            });
    Eta eta = result.eta();
    if (eta != null) {
      out.append("Expected time to resolve: ")
          .append(duration(eta.p50Minutes()))
          .append(" (median), ")
          .append(duration(eta.p90Minutes()))
          .append(" (90th percentile)")
          .append(eta.basedOn() > 0 ? ", from " + eta.basedOn() + " similar resolved tickets" : "")
          .append('\n');
    }
    if (!result.neighbours().isEmpty()) {
      out.append("Similar past tickets: ")
          .append(
              result.neighbours().stream()
                  .limit(NEIGHBOURS_SHOWN)
                  .map(n -> n.ticketId() + " (" + confidence(n.similarity()) + ")")
                  .collect(Collectors.joining(", ")))
          .append('\n');
    }
    return out.toString();
  }

  static String confidence(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static String duration(long minutes) {
    if (minutes < MINUTES_PER_HOUR) {
      return minutes + " min";
    }
    if (minutes < MINUTES_PER_DAY) {
      return minutes / MINUTES_PER_HOUR + " h " + minutes % MINUTES_PER_HOUR + " min";
    }
    return minutes / MINUTES_PER_DAY + " d " + minutes % MINUTES_PER_DAY / MINUTES_PER_HOUR + " h";
  }
}
