package dev.sift.evaluation.backtest;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import dev.sift.evaluation.report.Metrics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simple baselines: {@code majority} for label fields, {@code median} and {@code
 * category-median} for ETA.
 */
final class Baselines {

  private static final double P90 = 0.9;
  private static final int RANKED = 3;

  private Baselines() {}

  /**
   * Always the most frequent value of the history; its confidence is that value's share of the
   * history.
   */
  static final class Majority implements Predictor {
    private final Map<LabelField, Map<String, Integer>> counts = new EnumMap<>(LabelField.class);

    @Override
    public String name() {
      return "majority";
    }

    @Override
    public boolean supports(String field) {
      return LabelField.fromJsonName(field).isPresent();
    }

    @Override
    public synchronized void add(List<Ticket> tickets) {
      for (Ticket t : tickets) {
        for (LabelField f : LabelField.values()) {
          if (t.label(f) != null) {
            counts.computeIfAbsent(f, k -> new HashMap<>()).merge(t.label(f), 1, Integer::sum);
          }
        }
      }
    }

    @Override
    public synchronized Answer predict(Ticket ticket, float[] vector) {
      Map<LabelField, Guess> labels = new EnumMap<>(LabelField.class);
      counts.forEach(
          (f, c) -> {
            int total = c.values().stream().mapToInt(Integer::intValue).sum();
            List<String> ranked =
                c.entrySet().stream()
                    .sorted(
                        Map.Entry.<String, Integer>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(RANKED)
                    .map(Map.Entry::getKey)
                    .toList();
            labels.put(
                f,
                new Guess(
                    ranked.getFirst(), c.get(ranked.getFirst()) / (double) total, false, ranked));
          });
      return new Answer(labels, null);
    }
  }

  /**
   * Median resolution time of the resolved history ({@code median}), or of the history tickets
   * sharing the ticket's recorded category ({@code category-median}; priority for data without
   * categories), falling back to the whole history for an unseen group. The group value is the
   * ticket's own recorded one, as known when it is created.
   */
  static final class EtaMedian implements Predictor {
    private final boolean byGroup;
    private final List<Double> all = new ArrayList<>();
    private final Map<String, List<Double>> byCategory = new HashMap<>();
    private final Map<String, List<Double>> byPriority = new HashMap<>();

    EtaMedian(boolean byGroup) {
      this.byGroup = byGroup;
    }

    @Override
    public String name() {
      return byGroup ? "category-median" : "median";
    }

    @Override
    public boolean supports(String field) {
      return "eta".equals(field);
    }

    @Override
    public void add(List<Ticket> tickets) {
      resolved(tickets);
    }

    @Override
    public synchronized void resolved(List<Ticket> tickets) {
      for (Ticket t : tickets) {
        t.resolutionTime()
            .ifPresent(
                d -> {
                  double minutes = d.toSeconds() / 60.0;
                  all.add(minutes);
                  if (t.category() != null) {
                    byCategory.computeIfAbsent(t.category(), k -> new ArrayList<>()).add(minutes);
                  }
                  if (t.priority() != null) {
                    byPriority.computeIfAbsent(t.priority(), k -> new ArrayList<>()).add(minutes);
                  }
                });
      }
    }

    @Override
    public synchronized Answer predict(Ticket t, float[] vector) {
      if (all.isEmpty()) {
        return new Answer(Map.of(), null);
      }
      List<Double> times = all;
      if (byGroup) {
        // Like the engine: the category where the history has categories, else the priority.
        List<Double> group =
            !byCategory.isEmpty() ? byCategory.get(t.category()) : byPriority.get(t.priority());
        times = group == null || group.isEmpty() ? all : group;
      }
      double[] v = times.stream().mapToDouble(Double::doubleValue).toArray();
      double p90 = byGroup ? Metrics.quantile(v, P90) : Double.NaN;
      return new Answer(Map.of(), new EtaGuess(Metrics.median(v), p90));
    }
  }
}
