package dev.sift.engine;

/** The softmax the linear and lexical heads share. */
final class Softmax {

  private Softmax() {}

  /**
   * Turns logits into probabilities in place, shifted by the largest so that exp never overflows.
   */
  static double[] inPlace(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int j = 0; j < z.length; j++) {
      z[j] = Math.exp(z[j] - max);
      sum += z[j];
    }
    for (int j = 0; j < z.length; j++) {
      z[j] /= sum;
    }
    return z;
  }
}
