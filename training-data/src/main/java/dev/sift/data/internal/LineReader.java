package dev.sift.data.internal;

/**
 * Splits input into LF-terminated lines (a CR before the LF is dropped), refusing to hold an
 * over-long one.
 */
public final class LineReader {

  /**
   * One line; {@code text} is {@code null} when it was longer than the limit and has been skipped.
   */
  public record Line(long number, String text) {}

  private static final int NO_CHAR = -1;

  private final CharSource in;
  private final int maxChars;
  private final StringBuilder text = new StringBuilder();
  private long number;

  public LineReader(CharSource in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next line, or {@code null} at the end of the input. */
  public Line next() {
    text.setLength(0);
    boolean tooLong = false;
    int c = in.read();
    if (c == NO_CHAR) {
      return null;
    }
    number++;
    for (; c != NO_CHAR && c != '\n'; c = in.read()) {
      if (tooLong) {
        continue;
      }
      if (text.length() < maxChars) {
        text.append((char) c);
      } else if (!(c == '\r' && in.peek() == '\n')) {
        tooLong = true;
        text.setLength(0);
      }
    }
    if (tooLong) {
      return new Line(number, null);
    }
    int end = text.length();
    if (end > 0 && text.charAt(end - 1) == '\r') {
      text.setLength(end - 1);
    }
    return new Line(number, text.toString());
  }
}
