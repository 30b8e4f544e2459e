package dev.sift.data.internal;

import dev.sift.data.ImportException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Guesses whether input is NDJSON or CSV, from a file name or from the first bytes. */
public final class FormatSniffer {

  // Leading blank lines beyond this are not worth waiting for; such input is treated as CSV.
  private static final int SNIFF_LIMIT_BYTES = 8 * 1024;
  private static final int[] UTF8_BOM = {0xEF, 0xBB, 0xBF};

  private FormatSniffer() {}

  /** NDJSON for .ndjson, .jsonl and .json, CSV for .csv, empty otherwise. */
  public static Optional<Boolean> isNdjsonByName(Path file) {
    Path name = file.getFileName();
    String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl") || lower.endsWith(".json")) {
      return Optional.of(true);
    }
    return lower.endsWith(".csv") ? Optional.of(false) : Optional.empty();
  }

  /**
   * Whether the first byte that is not whitespace or a byte-order mark is '{'; the stream is left
   * unread.
   */
  public static boolean isNdjsonByContent(BufferedInputStream in) {
    try {
      in.mark(SNIFF_LIMIT_BYTES);
      try {
        int b;
        int read = 0;
        while ((b = in.read()) != -1 && read++ < SNIFF_LIMIT_BYTES) {
          if (read <= UTF8_BOM.length && b == UTF8_BOM[read - 1]) {
            continue;
          }
          if (!Character.isWhitespace(b)) {
            return b == '{';
          }
        }
        return false;
      } finally {
        in.reset();
      }
    } catch (IOException e) {
      throw new ImportException("cannot read input: " + e.getMessage(), e);
    }
  }
}
