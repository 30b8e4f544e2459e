package dev.sift.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps a raw score (the winning vote share) to the probability that the winning value is right, fitted by isotonic
 * regression (pool adjacent violators) on backtest outcomes and interpolated linearly between block centres.
 *
 * @param x block centres, ascending
 * @param y calibrated probabilities at those centres, non-decreasing
 */
public record IsotonicCalibrator(double[] x, double[] y) {

  /** Pseudo-count of the overall hit rate added to each block. */
  private static final double PRIOR_TRIALS = 2;

  public IsotonicCalibrator {
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException("calibrator needs matching, non-empty x and y");
    }
  }

  /** The identity map, used before a tenant has enough history to fit one. */
  public static IsotonicCalibrator identity() {
    return new IsotonicCalibrator(new double[] {0, 1}, new double[] {0, 1});
  }

  public static IsotonicCalibrator fit(double[] scores, boolean[] correct) {
    int n = scores.length;
    if (n == 0) {
      return identity();
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    List<double[]> blocks = new ArrayList<>(); // {sumX, hits, count}
    for (int idx : order) {
      double[] block = {scores[idx], correct[idx] ? 1 : 0, 1};
      blocks.add(block);
      while (blocks.size() > 1 && rate(blocks.get(blocks.size() - 2)) >= rate(blocks.getLast())) {
        double[] last = blocks.removeLast();
        double[] prev = blocks.getLast();
        prev[0] += last[0];
        prev[1] += last[1];
        prev[2] += last[2];
      }
    }
    double base = 0;
    for (boolean c : correct) {
      base += c ? 1 : 0;
    }
    base /= n;
    // Shrink each block towards the overall hit rate, so that a small block of all-correct answers does not claim
    // certainty; then pool again, weighted by block size, since shrinking can reorder neighbouring blocks.
    List<double[]> smoothed = new ArrayList<>(); // {sumX, weighted y, count}
    for (double[] b : blocks) {
      double y = (b[1] + PRIOR_TRIALS * base) / (b[2] + PRIOR_TRIALS);
      smoothed.add(new double[] {b[0], y * b[2], b[2]});
      while (smoothed.size() > 1 && rate(smoothed.get(smoothed.size() - 2)) >= rate(smoothed.getLast())) {
        double[] last = smoothed.removeLast();
        double[] prev = smoothed.getLast();
        prev[0] += last[0];
        prev[1] += last[1];
        prev[2] += last[2];
      }
    }
    double[] x = new double[smoothed.size()];
    double[] y = new double[smoothed.size()];
    for (int i = 0; i < smoothed.size(); i++) {
      double[] b = smoothed.get(i);
      x[i] = b[0] / b[2];
      y[i] = b[1] / b[2];
    }
    return new IsotonicCalibrator(x, y);
  }

  private static double rate(double[] block) {
    return block[1] / block[2];
  }

  public double apply(double score) {
    if (score <= x[0]) {
      return y[0];
    }
    if (score >= x[x.length - 1]) {
      return y[y.length - 1];
    }
    int hi = Arrays.binarySearch(x, score);
    if (hi >= 0) {
      return y[hi];
    }
    hi = -hi - 1;
    int lo = hi - 1;
    double t = (score - x[lo]) / (x[hi] - x[lo]);
    return y[lo] + t * (y[hi] - y[lo]);
  }
}
