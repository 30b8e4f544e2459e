package dev.sift.engine.coldstart;

import dev.sift.engine.coldstart.PredictionLog.FieldAccuracy;
import dev.sift.engine.coldstart.PredictionLog.FieldGuess;
import dev.sift.engine.coldstart.PredictionLog.Line;
import dev.sift.engine.coldstart.PredictionLog.Scored;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges the suggestions of a tenant's prediction log against the final labels of their tickets:
 * which suggestions count (the newest per ticket), and the live figures and scored suggestions they
 * give. Pure computations over the log in memory; reading, writing and compacting the log stay in
 * {@link PredictionLog}.
 */
final class PredictionJudging {

  private PredictionJudging() {}

  /** A suggestion with the final labels of its ticket (null when not known yet). */
  record Judged(Line line, Map<String, String> truth) {}

  /**
   * The suggestions the desk saw in [from, to) in log order (the newest per ticket id), with their
   * outcomes. The caller holds the tenant's lock.
   */
  static List<Judged> judged(TenantLog t, Instant from, Instant to) {
    List<Judged> out = new ArrayList<>();
    // The newest suggestion per ticket is the one the desk saw; suggestions without an id count
    // once each.
    Map<String, TenantLog.Logged> latest = new LinkedHashMap<>();
    List<TenantLog.Logged> anonymous = new ArrayList<>();
    for (TenantLog.Logged logged : t.predictions) {
      Line p = logged.line();
      if (p.at().isBefore(from) || !p.at().isBefore(to)) {
        continue;
      }
      if (p.ticketId() == null) {
        anonymous.add(logged);
      } else {
        latest.merge(
            p.ticketId(), logged, (a, b) -> a.seq() >= b.seq() ? a : b); // the newest by number
      }
    }
    List<TenantLog.Logged> window = new ArrayList<>(latest.values());
    window.addAll(anonymous);
    window.sort(Comparator.comparingLong(TenantLog.Logged::seq));
    for (TenantLog.Logged logged : window) {
      TenantLog.Logged outcome =
          logged.line().ticketId() == null ? null : t.outcomes.get(logged.line().ticketId());
      out.add(new Judged(logged.line(), outcome == null ? null : outcome.line().labels()));
    }
    return out;
  }

  /** Figures per field, then per method, of the judged suggestions. */
  static Map<String, Map<String, FieldAccuracy>> accuracy(List<Judged> judged) {
    Map<String, Map<String, long[]>> counts = new TreeMap<>();
    for (Judged j : judged) {
      j.line()
          .fields()
          .forEach(
              (field, g) -> {
                // {suggestions, abstained, scored, answered, right when answered, best guess right}
                long[] c =
                    counts
                        .computeIfAbsent(field, k -> new TreeMap<>())
                        .computeIfAbsent(g.method(), k -> new long[6]);
                c[0]++;
                c[1] += g.abstained() ? 1 : 0;
                String actual = j.truth() == null ? null : j.truth().get(field);
                if (actual != null) {
                  c[2]++;
                  boolean right = actual.equals(g.value());
                  if (!g.abstained()) {
                    c[3]++;
                    c[4] += right ? 1 : 0;
                  }
                  c[5] += right ? 1 : 0;
                }
              });
    }
    Map<String, Map<String, FieldAccuracy>> out = new TreeMap<>();
    counts.forEach(
        (field, byMethod) ->
            byMethod.forEach(
                (method, c) ->
                    out.computeIfAbsent(field, k -> new TreeMap<>())
                        .put(
                            method,
                            new FieldAccuracy(
                                c[0],
                                c[2],
                                c[3],
                                ratio(c[4], c[3]),
                                ratio(c[3], c[2]),
                                ratio(c[1], c[0]),
                                ratio(c[5], c[2])))));
    return out;
  }

  /**
   * The judged suggestions of one field and method that were scored and carry a raw score, in the
   * order given.
   */
  static List<Scored> scored(List<Judged> judged, String field, String method) {
    List<Scored> out = new ArrayList<>();
    for (Judged j : judged) {
      FieldGuess g = j.line().fields().get(field);
      String actual = j.truth() == null ? null : j.truth().get(field);
      if (g != null && actual != null && g.score() != null && method.equals(g.method())) {
        out.add(new Scored(g.score(), actual.equals(g.value()), actual));
      }
    }
    return out;
  }

  private static Double ratio(long a, long b) {
    return b == 0 ? null : a / (double) b;
  }
}
