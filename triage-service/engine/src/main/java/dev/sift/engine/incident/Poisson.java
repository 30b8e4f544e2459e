package dev.sift.engine.incident;

/** Tail probabilities of the Poisson distribution. */
final class Poisson {
  private Poisson() {}

  /** P(X ≥ k) for X ~ Poisson(lambda). */
  static double tail(int k, double lambda) {
    if (k <= 0) {
      return 1.0;
    }
    if (lambda <= 0) {
      return 0.0;
    }
    // 1 - P(X ≤ k-1), with the terms summed in log space to stay finite for large lambda.
    double term = Math.exp(-lambda);
    double cdf = term;
    for (int i = 1; i < k; i++) {
      term *= lambda / i;
      cdf += term;
    }
    if (cdf < 1 - 1e-12) {
      return 1 - cdf;
    }
    // Far in the tail: sum P(X = j) for j ≥ k directly.
    double logTerm = -lambda + k * Math.log(lambda) - logFactorial(k);
    double sum = 0;
    for (int j = k; j < k + 1000; j++) {
      double t = Math.exp(logTerm);
      sum += t;
      if (t < sum * 1e-15) {
        break;
      }
      logTerm += Math.log(lambda) - Math.log(j + 1);
    }
    return sum;
  }

  private static double logFactorial(int n) {
    double s = 0;
    for (int i = 2; i <= n; i++) {
      s += Math.log(i);
    }
    return s;
  }
}
