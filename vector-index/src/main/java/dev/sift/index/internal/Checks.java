package dev.sift.index.internal;

/**
 * The argument checks both backends make at the {@code VectorIndex} boundary, in one place so that
 * a caller gets the same exact message from either. Not API.
 */
public final class Checks {

  private Checks() {}

  /** A vector of another model (another dimension) must never be stored or searched with. */
  public static void requireDimension(float[] vector, int dimension) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          "vector dimension " + vector.length + " differs from index dimension " + dimension);
    }
  }

  public static void requirePositive(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, was " + k);
    }
  }
}
