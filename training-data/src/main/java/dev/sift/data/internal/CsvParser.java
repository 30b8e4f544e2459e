package dev.sift.data.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Streaming RFC 4180 reader: comma separated, fields optionally in double quotes, a doubled quote
 * inside quotes is one quote, quoted fields may span lines, records end with CRLF, LF or a lone CR.
 * It is lenient where exports commonly are (a quote inside an unquoted field is kept as text; text
 * after a closing quote is appended) and never throws on bad data: a record it cannot use comes
 * back with an error instead of fields.
 *
 * <p>Limits keep memory bounded: once a record breaks one, nothing more of it is stored. A quoted
 * field that is still open at the end of the input or at the record length limit is taken to be a
 * stray quote: the record is reported on its first line and parsing resumes on the line after the
 * one where that quote opened.
 */
public final class CsvParser {

  /** One record: {@code fields} when well formed, otherwise an empty list and {@code error}. */
  public record Record(long line, List<String> fields, String error) {}

  private enum State {
    FIELD_START,
    UNQUOTED,
    QUOTED,
    QUOTE_IN_QUOTED
  }

  private static final int NO_CHAR = -1;
  private static final Record BLANK_LINE = new Record(0, List.of(), null);

  private final CharSource in;
  private final ReadLimits limits;
  private final StringBuilder field = new StringBuilder();
  // Raw text after the first line break inside the open quoted field: what to re-read if the quote
  // never closes.
  private final StringBuilder tail = new StringBuilder();
  private long line = 1;

  private long start;
  private List<String> fields;
  private int fieldCount;
  private long recordChars;
  private String error;
  private boolean tooManyColumns;
  private long quoteLine;
  private boolean capturingTail;

  public CsvParser(CharSource in, ReadLimits limits) {
    this.in = in;
    this.limits = limits;
  }

  /** The next record, skipping blank lines, or {@code null} at the end of the input. */
  public Record next() {
    Record record;
    do {
      record = parseRecord();
    } while (record == BLANK_LINE);
    return record;
  }

  private Record parseRecord() {
    start = line;
    fields = new ArrayList<>();
    fieldCount = 0;
    recordChars = 0;
    error = null;
    tooManyColumns = false;
    closeQuote();
    State state = State.FIELD_START;
    while (true) {
      if (recordChars >= limits.maxRecordChars() && !mayEndAtLimit(state, in.peek())) {
        return tooLong(state);
      }
      int c = in.read();
      if (c == NO_CHAR) {
        return atEnd(state);
      }
      boolean lineBreak = isLineBreak(c);
      if (c == '\r' && in.peek() == '\n') {
        in.read();
        count('\r');
        c = '\n';
      }
      count((char) c);
      if (lineBreak) {
        line++;
      }
      switch (state) {
        case FIELD_START -> {
          if (c == '"') {
            openQuote();
            state = State.QUOTED;
          } else if (c == ',') {
            endField();
          } else if (lineBreak) {
            if (fieldCount == 0) {
              return BLANK_LINE;
            }
            return endRecord();
          } else {
            append((char) c);
            state = State.UNQUOTED;
          }
        }
        case UNQUOTED -> {
          if (c == ',') {
            endField();
            state = State.FIELD_START;
          } else if (lineBreak) {
            return endRecord();
          } else {
            append((char) c);
          }
        }
        case QUOTED -> {
          if (c == '"') {
            state = State.QUOTE_IN_QUOTED;
          } else {
            // a CRLF inside quotes was folded to '\n' above, which is what the text normaliser
            // would make of it
            append((char) c);
            capturingTail |= lineBreak;
          }
        }
        case QUOTE_IN_QUOTED -> {
          if (c == '"') {
            append('"');
            state = State.QUOTED;
            continue;
          }
          closeQuote();
          if (c == ',') {
            endField();
            state = State.FIELD_START;
          } else if (lineBreak) {
            return endRecord();
          } else {
            append((char) c);
            state = State.UNQUOTED;
          }
        }
      }
    }
  }

  // The record terminator does not count towards the limit, and the end of the input needs no
  // reading.
  private static boolean mayEndAtLimit(State state, int next) {
    return next == NO_CHAR || (state != State.QUOTED && isLineBreak(next));
  }

  private static boolean isLineBreak(int c) {
    return c == '\n' || c == '\r';
  }

  private void count(char c) {
    recordChars++;
    if (capturingTail) {
      tail.append(c);
    }
  }

  private void openQuote() {
    quoteLine = line;
    capturingTail = false;
    tail.setLength(0);
  }

  private void closeQuote() {
    capturingTail = false;
    tail.setLength(0);
  }

  private void append(char c) {
    if (error != null) {
      return;
    }
    if (field.length() >= limits.maxFieldChars()) {
      error =
          "field "
              + (fieldCount + 1)
              + " is longer than the limit of "
              + limits.maxFieldChars()
              + " chars";
      discardFields();
      return;
    }
    field.append(c);
  }

  private void endField() {
    fieldCount++;
    if (error != null) {
      return;
    }
    if (fieldCount > limits.maxColumns()) {
      error = "too many columns";
      tooManyColumns = true;
      discardFields();
      return;
    }
    fields.add(field.toString());
    field.setLength(0);
  }

  private void discardFields() {
    fields = List.of();
    field.setLength(0);
  }

  private Record endRecord() {
    endField();
    if (tooManyColumns) {
      error = "record has " + fieldCount + " fields, more than the limit of " + limits.maxColumns();
    }
    return new Record(start, error == null ? fields : List.of(), error);
  }

  private Record atEnd(State state) {
    if (state == State.QUOTED) {
      return strayQuote("never closes before the end of the input");
    }
    if (state == State.FIELD_START && fieldCount == 0) {
      return null;
    }
    return endRecord();
  }

  private Record tooLong(State state) {
    String limit = "the record length limit of " + limits.maxRecordChars() + " chars";
    if (state == State.QUOTED) {
      return strayQuote("is still open at " + limit);
    }
    skipRestOfLine();
    return failed("record is longer than " + limit);
  }

  private Record strayQuote(String what) {
    String reason = "unbalanced quote: the quoted field opened on line " + quoteLine + " " + what;
    if (capturingTail) {
      in.pushBack(tail);
      line = quoteLine + 1;
      reason += "; resumed reading on line " + line;
    } else {
      skipRestOfLine();
    }
    return failed(reason);
  }

  private Record failed(String reason) {
    closeQuote();
    field.setLength(0);
    return new Record(start, List.of(), reason);
  }

  private void skipRestOfLine() {
    int c;
    while ((c = in.read()) != NO_CHAR) {
      if (isLineBreak(c)) {
        if (c == '\r' && in.peek() == '\n') {
          in.read();
        }
        line++;
        return;
      }
    }
  }
}
