package dev.sift.engine;

/**
 * Rescales a distribution so that its leading value gets the calibrated probability, keeping the
 * order of the others: {@code p_i ∝ q_i^(1/τ)}, with τ found by bisection. A pessimistic
 * calibration flattens the distribution, an optimistic one sharpens it, and no runner-up ever
 * overtakes the leader.
 */
final class Sharpen {

  private static final int ITERATIONS = 50;

  /** τ is searched between e^-LOG_TAU_RANGE and e^LOG_TAU_RANGE. */
  private static final double LOG_TAU_RANGE = 6;

  private Sharpen() {}

  /**
   * @param shares non-negative, leading value first
   */
  static double[] toTop(double[] shares, double topProbability) {
    double lo = -LOG_TAU_RANGE;
    double hi = LOG_TAU_RANGE;
    double[] p = scaled(shares, 0);
    for (int i = 0; i < ITERATIONS; i++) {
      double mid = (lo + hi) / 2;
      p = scaled(shares, mid);
      // A larger τ flattens, lowering the leader's probability.
      if (p[0] > topProbability) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return p;
  }

  private static double[] scaled(double[] q, double logTau) {
    double inv = Math.exp(-logTau);
    double[] p = new double[q.length];
    double max = 0;
    for (double v : q) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int i = 0; i < q.length; i++) {
      p[i] = q[i] <= 0 ? 0 : Math.exp(inv * Math.log(q[i] / max));
      sum += p[i];
    }
    for (int i = 0; i < q.length; i++) {
      p[i] = sum > 0 ? p[i] / sum : 0;
    }
    return p;
  }
}
