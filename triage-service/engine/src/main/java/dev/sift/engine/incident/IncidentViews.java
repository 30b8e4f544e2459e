package dev.sift.engine.incident;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a cluster into what people read: the most typical subject, the top terms, the incident
 * record.
 */
final class IncidentViews {

  private static final int TOP_TERMS = 5;
  private static final int MIN_TERM_LENGTH = 3;
  private static final Set<String> STOP_WORDS =
      Set.of(
          "the", "and", "for", "not", "with", "from", "this", "that", "are", "was", "cannot",
          "can't", "since", "please", "all", "our", "any", "has", "have", "issue", "problem",
          "when", "again", "still", "does", "doesn't", "won't", "into", "but", "you", "your",
          "its");

  private IncidentViews() {}

  static Incident of(Cluster c) {
    List<String> ids = new ArrayList<>();
    for (TicketArrival t : c.members) {
      if (t.id() != null) {
        ids.add(t.id());
      }
    }
    return new Incident(
        c.id,
        c.state.name().toLowerCase(Locale.ROOT),
        c.firstSeen,
        c.lastSeen,
        c.members.size(),
        c.requesters.size(),
        c.clients.size(),
        List.copyOf(c.clients),
        ids,
        representativeSubject(c),
        topTerms(c),
        c.score,
        c.usualRatePerHour,
        c.reason);
  }

  /** The subject of the member closest to the centroid. */
  static String representativeSubject(Cluster c) {
    String best = null;
    double bestSim = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < c.members.size(); i++) {
      String s = c.members.get(i).subject();
      double sim = TenantWindow.dot(c.centroid(), c.vectors.get(i));
      if (s != null && !s.isBlank() && sim > bestSim) {
        best = s;
        bestSim = sim;
      }
    }
    return best == null ? "" : best;
  }

  /** Words found in the most members' subjects. */
  static List<String> topTerms(Cluster c) {
    Map<String, Integer> df = new HashMap<>();
    for (TicketArrival t : c.members) {
      if (t.subject() == null) {
        continue;
      }
      Set<String> seen = new LinkedHashSet<>();
      for (String w : t.subject().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}'-]+")) {
        if (w.length() >= MIN_TERM_LENGTH && !STOP_WORDS.contains(w)) {
          seen.add(w);
        }
      }
      seen.forEach(w -> df.merge(w, 1, Integer::sum));
    }
    return df.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_TERMS)
        .map(Map.Entry::getKey)
        .toList();
  }
}
