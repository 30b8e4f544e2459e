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

  /**
   * Pools one row of a [batch, seq, dim] output: the first token (CLS) or the mean over the row's
   * first {@code tokens} positions (the unpadded ones). {@code scratch} holds at least {@code dim}
   * floats.
   */
  public static float[] tokens(
      FloatBuffer buf, int row, int seq, int dim, int tokens, boolean cls, float[] scratch) {
    float[] v = new float[dim];
    int base = row * seq * dim;
    if (cls) {
      buf.get(base, v, 0, dim);
      return v;
    }
    for (int t = 0; t < tokens; t++) {
      buf.get(base + t * dim, scratch, 0, dim);
      for (int d = 0; d < dim; d++) {
        v[d] += scratch[d];
      }
    }
    if (tokens > 0) {
      for (int d = 0; d < dim; d++) {
        v[d] /= tokens;
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
