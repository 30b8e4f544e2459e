package dev.sift.engine;

import java.util.Arrays;
import java.util.Comparator;

/** Medians, weighted and split-conformal quantiles. */
final class QuantileMath {
  private QuantileMath() {}

  /** The smallest value whose cumulative weight reaches {@code q} of the total. */
  static double weighted(double[] values, double[] weights, double q) {
    Integer[] order = new Integer[values.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double total = Arrays.stream(weights).sum();
    double acc = 0;
    for (int i : order) {
      acc += weights[i];
      if (acc >= q * total - 1e-12) {
        return values[i];
      }
    }
    return values[order[order.length - 1]];
  }

  /** The middle value, the lower of the middle pair for an even count; NaN when empty. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(sorted.length - 1) / 2];
  }

  /**
   * The split-conformal bound at {@code level}: the ⌈(n + 1)·level⌉-th smallest of n calibration
   * scores, so that a new score exchangeable with them stays at or below it with probability at
   * least {@code level}. Infinite when n is too small for that guarantee.
   */
  static double conformal(double[] scores, double level) {
    int rank = (int) Math.ceil((scores.length + 1) * level);
    if (scores.length == 0 || rank > scores.length) {
      return Double.POSITIVE_INFINITY;
    }
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    return sorted[rank - 1];
  }
}
