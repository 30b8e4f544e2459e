package dev.sift.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A multinomial logistic regression over a ticket's words and character n-grams ({@link
 * LexicalFeatures}) for one field, blended with the neighbours' votes and the embedding head. It
 * sees what a small English embedding model blurs: exact product and host names, error codes, and
 * words of any language.
 *
 * <p>Stored compactly, since a tenant's fit is JSON in a state store: only weights that survived
 * pruning, as a sorted table of feature buckets and a table of (class, float16 weight) entries,
 * both byte arrays (base64 in JSON). Scoring reads them in place.
 *
 * @param classes the values it can predict, at most 256
 * @param bias one per class
 * @param features per kept feature, {@value #FEATURE_BYTES} bytes: its bucket, then the index of
 *     its first entry; ascending by bucket
 * @param weights per entry, {@value #ENTRY_BYTES} bytes: class index, then the weight as a float16
 */
public record LexicalHead(String[] classes, float[] bias, byte[] features, byte[] weights) {

  static final int FEATURE_BYTES = 8;
  static final int ENTRY_BYTES = 3;

  /** Class indices are stored in one unsigned byte. */
  static final int MAX_CLASSES = 256;

  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

  public LexicalHead {
    if (classes.length > MAX_CLASSES || bias.length != classes.length) {
      throw new IllegalArgumentException(
          "a lexical head needs at most "
              + MAX_CLASSES
              + " classes and one bias each, got "
              + classes.length
              + " classes and "
              + bias.length
              + " biases");
    }
    if (features.length % FEATURE_BYTES != 0 || weights.length % ENTRY_BYTES != 0) {
      throw new IllegalArgumentException(
          "malformed lexical head tables: "
              + features.length
              + " and "
              + weights.length
              + " bytes");
    }
  }

  /** Features with at least one weight. */
  public int featureCount() {
    return features.length / FEATURE_BYTES;
  }

  /** Stored (feature, class) weights. */
  public int weightCount() {
    return weights.length / ENTRY_BYTES;
  }

  /** Class probabilities for a ticket's features, in the order of {@link #classes()}. */
  public double[] probabilities(LexicalFeatures.Doc doc) {
    double[] z = new double[classes.length];
    for (int j = 0; j < z.length; j++) {
      z[j] = bias[j];
    }
    double[] norms = LexicalFeatures.blockNorms(doc);
    int[] buckets = doc.buckets();
    int lo = 0;
    for (int k = 0; k < buckets.length; k++) {
      int row = find(buckets[k], lo);
      if (row < 0) {
        lo = -row - 1;
        continue;
      }
      lo = row + 1; // the document's buckets ascend too
      double x =
          LexicalFeatures.value(doc.counts()[k]) / norms[LexicalFeatures.Doc.block(buckets[k])];
      int end = row + 1 < featureCount() ? firstEntry(row + 1) : weightCount();
      for (int e = firstEntry(row); e < end; e++) {
        int at = e * ENTRY_BYTES;
        z[weights[at] & 0xff] += x * Float.float16ToFloat((short) SHORT.get(weights, at + 1));
      }
    }
    return Softmax.inPlace(z);
  }

  /** Whether the head has a weight for the feature {@code bucket}. */
  boolean knows(int bucket) {
    return find(bucket, 0) >= 0;
  }

  private int find(int bucket, int from) {
    int lo = from;
    int hi = featureCount() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int b = (int) INT.get(features, mid * FEATURE_BYTES);
      if (b < bucket) {
        lo = mid + 1;
      } else if (b > bucket) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -lo - 1;
  }

  private int firstEntry(int row) {
    return (int) INT.get(features, row * FEATURE_BYTES + Integer.BYTES);
  }

  /**
   * Packs trained weights into the stored tables, keeping at most about {@code budget} of them.
   * Adding the same number to all of a feature's weights changes no probability (softmax is
   * shift-invariant), so each feature's weights are first centred on their median: a word typical
   * of one value then has one large weight and many near zero, instead of one large positive weight
   * and many small negative ones that only matter together. Then the largest in magnitude are kept.
   */
  static LexicalHead pack(String[] classes, float[] bias, int[] buckets, float[] w, int budget) {
    int c = classes.length;
    float[] centred = w.clone();
    float[] row = new float[c];
    for (int f = 0; f < buckets.length; f++) {
      System.arraycopy(w, f * c, row, 0, c);
      Arrays.sort(row);
      float median = row[c / 2];
      for (int j = 0; j < c; j++) {
        centred[f * c + j] -= median;
      }
    }
    double keepAbove = smallestKept(centred, budget);
    int kept = 0;
    int rows = 0;
    for (int f = 0; f < buckets.length; f++) {
      int before = kept;
      for (int j = 0; j < c; j++) {
        kept += keeps(centred[f * c + j], keepAbove) ? 1 : 0;
      }
      rows += kept > before ? 1 : 0;
    }
    byte[] features = new byte[rows * FEATURE_BYTES];
    byte[] weights = new byte[kept * ENTRY_BYTES];
    int at = 0;
    int entry = 0;
    for (int f = 0; f < buckets.length; f++) {
      int first = entry;
      for (int j = 0; j < c; j++) {
        float v = centred[f * c + j];
        if (keeps(v, keepAbove)) {
          weights[entry * ENTRY_BYTES] = (byte) j;
          SHORT.set(weights, entry * ENTRY_BYTES + 1, Float.floatToFloat16(v));
          entry++;
        }
      }
      if (entry > first) {
        INT.set(features, at * FEATURE_BYTES, buckets[f]);
        INT.set(features, at * FEATURE_BYTES + Integer.BYTES, first);
        at++;
      }
    }
    return new LexicalHead(classes, bias, features, weights);
  }

  /**
   * The magnitude of the {@code budget}-th largest weight, so that at most about that many are
   * kept.
   */
  static double smallestKept(float[] w, int budget) {
    float[] magnitudes = new float[w.length];
    int nonZero = 0;
    for (float v : w) {
      if (v != 0) {
        magnitudes[nonZero++] = Math.abs(v);
      }
    }
    if (nonZero <= budget) {
      return Double.MIN_VALUE;
    }
    Arrays.sort(magnitudes, 0, nonZero);
    // Ties at the cut are all kept or all dropped; the next larger magnitude keeps the budget.
    return Math.nextUp(magnitudes[nonZero - budget - 1]);
  }

  private static boolean keeps(float v, double keepAbove) {
    return v != 0 && Math.abs(v) >= keepAbove;
  }
}
