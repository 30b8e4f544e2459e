package dev.sift.embedding.internal;

import java.nio.FloatBuffer;

/** Pooling of token vectors and L2 normalisation, on the raw ONNX output buffer. */
public final class Pool {
  private Pool() {}

  /** One row of a [batch, dim] output. */
  public static float[] row(FloatBuffer buf, int row, int dim) {
    float[] v = new float[dim];
    buf.get(row * dim, v, 0, dim);
    return v;
  }

  /** Pools one row of a [batch, seq, dim] output: the first token (CLS) or the mask-weighted mean. */
  public static float[] tokens(FloatBuffer buf, int row, int seq, int dim, long[] mask, boolean cls) {
    float[] v = new float[dim];
    int base = row * seq * dim;
    if (cls) {
      buf.get(base, v, 0, dim);
      return v;
    }
    int counted = 0;
    for (int t = 0; t < seq; t++) {
      if (mask[row * seq + t] == 0) {
        continue;
      }
      counted++;
      int off = base + t * dim;
      for (int d = 0; d < dim; d++) {
        v[d] += buf.get(off + d);
      }
    }
    if (counted > 0) {
      for (int d = 0; d < dim; d++) {
        v[d] /= counted;
      }
    }
    return v;
  }

  public static float[] normalise(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    double norm = Math.sqrt(sum);
    if (norm == 0) {
      return v;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] / norm);
    }
    return v;
  }
}
