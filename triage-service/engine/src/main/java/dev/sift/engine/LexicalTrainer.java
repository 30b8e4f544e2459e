package dev.sift.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Trains a {@link LexicalHead}: multinomial logistic regression with per-coordinate AdaGrad steps,
 * one ticket at a time, touching only the features the ticket has (and their L2 penalty only then).
 * Deterministic for a seed.
 */
final class LexicalTrainer {

  /**
   * Training settings.
   *
   * @param epochs passes over the history
   * @param learningRate AdaGrad step size
   * @param l2 weight decay, applied to a feature's weights when a ticket has it
   * @param minDocuments a feature seen in fewer tickets is left out: it would only memorise one
   *     ticket
   * @param maxWeights bound on features times classes while training, which bounds its memory
   * @param maxStored weights kept when the head is stored, the largest in magnitude; bounds the
   *     stored size
   */
  record Params(
      int epochs, double learningRate, double l2, int minDocuments, int maxWeights, int maxStored) {
    /** Chosen on the development data sets together (docs/accuracy.md). */
    static final Params DEFAULT = new Params(5, 0.5, 1e-5, 2, 1 << 22, 50_000);
  }

  private static final double EPSILON = 1e-8;

  /**
   * A class whose probability is already within this of its target gets no update from the ticket.
   * Once the model is past its first epoch that is nearly every class for nearly every ticket, so
   * training costs a few classes per feature instead of all of them, and a feature keeps weights
   * only for classes it was ever confused with.
   */
  private static final double GRADIENT_FLOOR = 1e-3;

  private LexicalTrainer() {}

  /** Trains on documents {@code docs} with class indices {@code y} into {@code classes}. */
  static LexicalHead train(
      List<LexicalFeatures.Doc> docs, int[] y, String[] classes, Params p, long seed) {
    int c = classes.length;
    int[] vocabulary = vocabulary(docs, p.minDocuments(), Math.max(1, p.maxWeights() / c));
    int n = docs.size();
    int[][] cols = new int[n][];
    float[][] vals = new float[n][];
    for (int i = 0; i < n; i++) {
      LexicalFeatures.Doc d = docs.get(i);
      double[] norms = LexicalFeatures.blockNorms(d);
      int[] col = new int[d.buckets().length];
      float[] val = new float[col.length];
      int m = 0;
      for (int k = 0; k < col.length; k++) {
        int f = Arrays.binarySearch(vocabulary, d.buckets()[k]);
        if (f >= 0) {
          col[m] = f;
          val[m++] =
              (float)
                  (LexicalFeatures.value(d.counts()[k])
                      / norms[LexicalFeatures.Doc.block(d.buckets()[k])]);
        }
      }
      cols[i] = Arrays.copyOf(col, m);
      vals[i] = Arrays.copyOf(val, m);
    }
    float[] w = new float[vocabulary.length * c];
    float[] g2 = new float[w.length];
    double[] b = new double[c];
    double[] gb2 = new double[c];
    double[] z = new double[c];
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    Random random = new Random(seed);
    for (int epoch = 0; epoch < p.epochs(); epoch++) {
      LinearHead.shuffle(order, random);
      for (int i : order) {
        int[] col = cols[i];
        float[] val = vals[i];
        System.arraycopy(b, 0, z, 0, c);
        for (int k = 0; k < col.length; k++) {
          int row = col[k] * c;
          for (int j = 0; j < c; j++) {
            z[j] += val[k] * w[row + j];
          }
        }
        Softmax.inPlace(z);
        z[y[i]] -= 1; // gradient of cross-entropy wrt logits
        for (int k = 0; k < col.length; k++) {
          int row = col[k] * c;
          for (int j = 0; j < c; j++) {
            if (Math.abs(z[j]) < GRADIENT_FLOOR) {
              continue;
            }
            int at = row + j;
            double g = z[j] * val[k] + p.l2() * w[at];
            g2[at] += (float) (g * g);
            w[at] -= (float) (p.learningRate() * g / (Math.sqrt(g2[at]) + EPSILON));
          }
        }
        for (int j = 0; j < c; j++) {
          gb2[j] += z[j] * z[j];
          b[j] -= p.learningRate() * z[j] / (Math.sqrt(gb2[j]) + EPSILON);
        }
      }
    }
    float[] bias = new float[c];
    for (int j = 0; j < c; j++) {
      bias[j] = (float) b[j];
    }
    return LexicalHead.pack(classes, bias, vocabulary, w, p.maxStored());
  }

  /**
   * Buckets in at least {@code minDocuments} documents, the most frequent {@code max} of them where
   * there are more; ascending.
   */
  static int[] vocabulary(List<LexicalFeatures.Doc> docs, int minDocuments, int max) {
    int total = 0;
    for (LexicalFeatures.Doc d : docs) {
      total += d.buckets().length;
    }
    int[] all = new int[total];
    int at = 0;
    for (LexicalFeatures.Doc d : docs) {
      System.arraycopy(d.buckets(), 0, all, at, d.buckets().length);
      at += d.buckets().length;
    }
    Arrays.sort(all);
    // {documents, bucket} packed in a long, so that sorting ranks by frequency, then bucket
    long[] frequent = new long[total];
    int m = 0;
    for (int i = 0; i < total; ) {
      int j = i;
      while (j < total && all[j] == all[i]) {
        j++;
      }
      if (j - i >= minDocuments) {
        frequent[m++] = ((long) -(j - i) << 32) | (all[i] & 0xffffffffL);
      }
      i = j;
    }
    long[] ranked = Arrays.copyOf(frequent, m);
    Arrays.sort(ranked);
    int[] out = new int[Math.min(max, m)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) ranked[i];
    }
    Arrays.sort(out);
    return out;
  }
}
