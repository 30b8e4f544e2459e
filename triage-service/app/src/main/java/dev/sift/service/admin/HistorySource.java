package dev.sift.service.admin;

import dev.sift.data.ColumnMapping;
import dev.sift.data.TicketReader;
import dev.sift.engine.HistoryImporter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * How to read a history file: the options the HTTP upload and the command line share, turned into a
 * {@link TicketReader}. Kept by a job, which builds its readers with their own progress hooks, and
 * separate from {@link HistoryImporter}, which only stores what a reader finds.
 *
 * @param mapping {@code field=Column header,...}; null or blank for columns named like the ticket
 *     fields
 * @param dateFormat a date pattern such as {@code dd/MMM/yy HH:mm}; null or blank for ISO-8601
 */
public record HistorySource(String mapping, String dateFormat, TicketReader.Format format) {

  /** How much of a bad option an error message quotes. */
  private static final int MAX_ECHOED_OPTION_CHARS = 200;

  /**
   * How much of an upload {@link #check} reads at most: beyond the longest record a reader accepts
   * (1 Mi chars, up to 4 bytes each), so that a header too long or a file that is no export at all
   * is seen within it.
   */
  static final int CHECK_BYTES = 8 << 20;

  /** An import option that cannot be used; {@link #option()} names it as the HTTP form field. */
  public static final class InvalidOptionException extends IllegalArgumentException {
    private final String option;

    InvalidOptionException(String option, String message) {
      super(message);
      this.option = option;
    }

    public String option() {
      return option;
    }
  }

  /**
   * CSV for {@code .csv}, NDJSON for {@code .ndjson} and {@code .jsonl}, otherwise sniffed from the
   * content.
   */
  public static TicketReader.Format formatOf(String fileName) {
    String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return TicketReader.Format.CSV;
    }
    if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
      return TicketReader.Format.NDJSON;
    }
    return TicketReader.Format.AUTO;
  }

  /**
   * A reader for the file.
   *
   * @throws InvalidOptionException for a mapping or pattern that cannot be used
   */
  public TicketReader reader() {
    return reader(rows -> {});
  }

  /**
   * A reader telling {@code rowsSeen} how many records it has read (every thousand and at the end).
   *
   * @throws InvalidOptionException for a mapping or pattern that cannot be used
   */
  public TicketReader reader(LongConsumer rowsSeen) {
    ColumnMapping columns;
    try {
      columns =
          mapping == null || mapping.isBlank()
              ? ColumnMapping.identity()
              : ColumnMapping.parse(mapping);
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(
          "mapping", "invalid column mapping: " + abbreviate(e.getMessage()));
    }
    try {
      return TicketReader.builder()
          .mapping(columns)
          .format(format)
          .dateFormat(dateFormat == null || dateFormat.isBlank() ? null : dateFormat)
          .progress(rowsSeen)
          .build();
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(
          "dateFormat",
          "invalid date format '" + abbreviate(dateFormat) + "': " + abbreviate(e.getMessage()));
    }
  }

  // Options are echoed only in part: a caller sending megabytes of one gains nothing from a copy.
  private static String abbreviate(String s) {
    return s == null || s.length() <= MAX_ECHOED_OPTION_CHARS
        ? s
        : s.substring(0, MAX_ECHOED_OPTION_CHARS) + "...";
  }

  /**
   * Reads the head of an upload, up to its first ticket, so that a file that cannot be imported at
   * all is refused before a job is queued for it; bad rows are no reason to refuse (the import
   * skips and lists them).
   *
   * @throws dev.sift.data.ImportException when the file has no usable header or is no CSV or NDJSON
   *     export
   */
  public static void check(TicketReader reader, Path upload) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(upload))) {
      reader.read(
          new LimitedInputStream(in, CHECK_BYTES),
          ticket -> {
            throw new HeadRead();
          });
    } catch (HeadRead enough) {
      // a ticket came out: the header fits
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded history " + upload, e);
    }
  }

  /** Ends {@link #check} at the first ticket; no stack trace, it is not an error. */
  private static final class HeadRead extends RuntimeException {
    HeadRead() {
      super(null, null, false, false);
    }
  }
}
