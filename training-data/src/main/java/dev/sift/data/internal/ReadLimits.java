package dev.sift.data.internal;

/**
 * Bounds that keep one bad record from exhausting memory. All are counted in chars (UTF-16 units).
 */
public record ReadLimits(int maxFieldChars, int maxRecordChars, int maxColumns) {

  public ReadLimits {
    requirePositive(maxFieldChars, "max field length");
    requirePositive(maxRecordChars, "max record length");
    requirePositive(maxColumns, "max columns");
  }

  private static void requirePositive(int value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }
}
