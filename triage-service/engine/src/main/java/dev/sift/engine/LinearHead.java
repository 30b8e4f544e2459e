package dev.sift.engine;

import java.util.Arrays;
import java.util.Random;

/**
 * A softmax regression over a tenant's embeddings for one field, trained at import with mini-batch
 * Adam. Its class probabilities are blended with the neighbours' votes: the vote follows local
 * detail (near-duplicates, rare groups), the head follows the broad shape of each class, and
 * together they beat either alone.
 *
 * @param classes the values it can predict
 * @param weights row-major [dimension][classes]
 * @param bias one per class
 * @param inputScale factor applied to the unit vectors before the weights
 */
public record LinearHead(String[] classes, float[] weights, float[] bias, double inputScale) {

  /**
   * Training settings.
   *
   * @param epochs passes over the history
   * @param learningRate Adam step size
   * @param l2 weight decay
   * @param inputScale unit vectors are scaled up so that logits can spread without huge weights
   * @param batchSize examples per step
   */
  public record Params(
      int epochs, double learningRate, double l2, double inputScale, int batchSize) {
    /** Chosen on the itsm-assignment backtest (docs/accuracy.md). */
    public static final Params DEFAULT = new Params(10, 0.01, 1e-4, 5.0, 32);
  }

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  public int dimension() {
    return weights.length / classes.length;
  }

  /** Class probabilities for a unit vector, in the order of {@link #classes()}. */
  public double[] probabilities(float[] x) {
    int c = classes.length;
    double[] z = new double[c];
    for (int j = 0; j < c; j++) {
      z[j] = bias[j];
    }
    int d = Math.min(x.length, dimension());
    for (int i = 0; i < d; i++) {
      double xi = x[i] * inputScale;
      if (xi == 0) {
        continue;
      }
      int row = i * c;
      for (int j = 0; j < c; j++) {
        z[j] += xi * weights[row + j];
      }
    }
    return Softmax.inPlace(z);
  }

  /**
   * Trains on vectors {@code x} with class indices {@code y} into {@code classes}. Deterministic
   * for a given seed.
   */
  public static LinearHead train(float[][] x, int[] y, String[] classes, Params p, long seed) {
    int n = x.length;
    int c = classes.length;
    int d = x[0].length;
    double[] w = new double[d * c];
    double[] b = new double[c];
    double[] mw = new double[d * c];
    double[] vw = new double[d * c];
    double[] mb = new double[c];
    double[] vb = new double[c];
    double[] gw = new double[d * c];
    double[] gb = new double[c];
    double[] z = new double[c];
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    Random random = new Random(seed);
    long step = 0;
    for (int epoch = 0; epoch < p.epochs(); epoch++) {
      shuffle(order, random);
      for (int start = 0; start < n; start += p.batchSize()) {
        int end = Math.min(n, start + p.batchSize());
        Arrays.fill(gw, 0);
        Arrays.fill(gb, 0);
        for (int k = start; k < end; k++) {
          float[] xi = x[order[k]];
          logits(xi, w, b, c, d, p.inputScale(), z);
          Softmax.inPlace(z);
          z[y[order[k]]] -= 1; // gradient of cross-entropy wrt logits
          for (int i = 0; i < d; i++) {
            double xv = xi[i] * p.inputScale();
            int row = i * c;
            for (int j = 0; j < c; j++) {
              gw[row + j] += xv * z[j];
            }
          }
          for (int j = 0; j < c; j++) {
            gb[j] += z[j];
          }
        }
        double scale = 1.0 / (end - start);
        step++;
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        for (int i = 0; i < w.length; i++) {
          double g = gw[i] * scale + p.l2() * w[i];
          mw[i] = BETA1 * mw[i] + (1 - BETA1) * g;
          vw[i] = BETA2 * vw[i] + (1 - BETA2) * g * g;
          w[i] -= p.learningRate() * (mw[i] / c1) / (Math.sqrt(vw[i] / c2) + EPSILON);
        }
        for (int j = 0; j < c; j++) {
          double g = gb[j] * scale;
          mb[j] = BETA1 * mb[j] + (1 - BETA1) * g;
          vb[j] = BETA2 * vb[j] + (1 - BETA2) * g * g;
          b[j] -= p.learningRate() * (mb[j] / c1) / (Math.sqrt(vb[j] / c2) + EPSILON);
        }
      }
    }
    float[] wf = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      wf[i] = (float) w[i];
    }
    float[] bf = new float[c];
    for (int j = 0; j < c; j++) {
      bf[j] = (float) b[j];
    }
    return new LinearHead(classes, wf, bf, p.inputScale());
  }

  private static void logits(
      float[] x, double[] w, double[] b, int c, int d, double inputScale, double[] z) {
    System.arraycopy(b, 0, z, 0, c);
    for (int i = 0; i < d; i++) {
      double xi = x[i] * inputScale;
      int row = i * c;
      for (int j = 0; j < c; j++) {
        z[j] += xi * w[row + j];
      }
    }
  }

  /** Fisher-Yates with the caller's seeded random, so that training is repeatable. */
  static void shuffle(int[] a, Random r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
