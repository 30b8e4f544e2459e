package dev.sift.data;

import java.text.Normalizer;

/**
 * Cleans text the same way for imported history and incoming tickets, so that equal labels compare
 * equal.
 *
 * <p>{@link #text} applies Unicode NFC, turns CRLF and lone CR into LF, drops NUL and the other C0
 * control characters except LF and TAB, replaces unpaired surrogates with U+FFFD and trims; an
 * empty result is {@code null}. {@link #label} does the same and also collapses every run of
 * whitespace to one space. Case is never changed.
 */
public final class TextNormalizer {

  private static final char REPLACEMENT = '\uFFFD';
  private static final char FIRST_NON_CONTROL = 0x20;

  private TextNormalizer() {}

  /**
   * Normalised free text (subject, body, resolution, ids, names), or {@code null} when nothing is
   * left.
   */
  public static String text(String raw) {
    if (raw == null) {
      return null;
    }
    String cleaned = needsCleaning(raw) ? clean(raw) : raw;
    if (!Normalizer.isNormalized(cleaned, Normalizer.Form.NFC)) {
      cleaned = Normalizer.normalize(cleaned, Normalizer.Form.NFC);
    }
    String stripped = cleaned.strip();
    return stripped.isEmpty() ? null : stripped;
  }

  /**
   * A normalised label (category, priority, group, ...): as {@link #text} with whitespace runs
   * collapsed.
   */
  public static String label(String raw) {
    String text = text(raw);
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean inSpace = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isSpace(c)) {
        inSpace = true;
        continue;
      }
      if (inSpace && !out.isEmpty()) {
        out.append(' ');
      }
      inSpace = false;
      out.append(c);
    }
    return out.isEmpty() ? null : out.toString();
  }

  // Non-breaking spaces are not Character.isWhitespace, but in a label they are just spaces.
  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static boolean needsCleaning(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < FIRST_NON_CONTROL && c != '\n' && c != '\t') || Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static String clean(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r') {
        out.append('\n');
        if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
          i++;
        }
      } else if (c == '\n' || c == '\t' || (c >= FIRST_NON_CONTROL && !Character.isSurrogate(c))) {
        out.append(c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append(REPLACEMENT);
      }
      // any other C0 control character is dropped
    }
    return out.toString();
  }
}
