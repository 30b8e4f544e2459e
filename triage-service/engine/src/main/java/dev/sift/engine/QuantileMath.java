package dev.sift.engine;

import java.util.Arrays;
import java.util.Comparator;

/** Plain and weighted quantiles. */
final class QuantileMath {
  private QuantileMath() {}

  static double of(double[] sortedValues, double q) {
    if (sortedValues.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sortedValues.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sortedValues[lo] + (pos - lo) * (sortedValues[hi] - sortedValues[lo]);
  }

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
}
