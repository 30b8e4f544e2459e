package dev.sift.data.internal;

import dev.sift.data.ImportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Buffered characters of a UTF-8 input with one character of look-ahead and push-back of a whole
 * span, which the CSV parser needs to re-read lines swallowed by an unbalanced quote.
 */
public final class CharSource {

  private static final int BUFFER_CHARS = 64 * 1024;
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final Reader reader;
  private char[] buffer = new char[BUFFER_CHARS];
  private int pos;
  private int limit;
  private boolean eof;

  public CharSource(Reader reader) {
    this.reader = reader;
  }

  /**
   * Malformed bytes become U+FFFD instead of failing the import; a leading byte-order mark is
   * dropped.
   */
  public static CharSource utf8(InputStream in) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    CharSource source = new CharSource(new InputStreamReader(in, decoder));
    if (source.peek() == BYTE_ORDER_MARK) {
      source.read();
    }
    return source;
  }

  /** The next character, or -1 at the end. */
  public int read() {
    if (pos >= limit && !fill()) {
      return -1;
    }
    return buffer[pos++];
  }

  /** The next character without consuming it, or -1 at the end. */
  public int peek() {
    if (pos >= limit && !fill()) {
      return -1;
    }
    return buffer[pos];
  }

  /** Makes {@code chars} the next characters read, ahead of everything not yet read. */
  public void pushBack(CharSequence chars) {
    int remaining = limit - pos;
    char[] merged = new char[Math.max(BUFFER_CHARS, chars.length() + remaining)];
    chars.toString().getChars(0, chars.length(), merged, 0);
    System.arraycopy(buffer, pos, merged, chars.length(), remaining);
    buffer = merged;
    pos = 0;
    limit = chars.length() + remaining;
  }

  private boolean fill() {
    if (eof) {
      return false;
    }
    try {
      int n;
      do {
        n = reader.read(buffer, 0, buffer.length);
      } while (n == 0);
      if (n < 0) {
        eof = true;
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    } catch (IOException e) {
      throw new ImportException("cannot read input: " + e.getMessage(), e);
    }
  }
}
