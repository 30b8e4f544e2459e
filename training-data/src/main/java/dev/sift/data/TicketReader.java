package dev.sift.data;

import dev.sift.data.internal.CharSource;
import dev.sift.data.internal.CsvImport;
import dev.sift.data.internal.DateParser;
import dev.sift.data.internal.FormatSniffer;
import dev.sift.data.internal.ImportRun;
import dev.sift.data.internal.NdjsonImport;
import dev.sift.data.internal.ReadLimits;
import dev.sift.data.internal.RowMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Imports ticket history from CSV (RFC 4180, with a header row) or NDJSON (one JSON object per
 * line), UTF-8 with or without a byte-order mark. Reading streams: one record is in memory at a
 * time.
 *
 * <p>Every value passes through {@link TextNormalizer}. A record that cannot become a {@link
 * Ticket} is skipped and listed in the {@link ImportReport} with its line and reason; nothing is
 * dropped silently. Bad data never throws; {@link ImportException} means the import as a whole
 * cannot proceed (no header, a mapped column absent, unreadable input). Malformed UTF-8 is read as
 * U+FFFD.
 *
 * <p>When the mapping has no {@code id}, a ticket's id is its 1-based data record number as a
 * string: the first record after the header (or the first non-blank NDJSON line) is {@code "1"},
 * and skipped records are counted. In NDJSON a mapped key that a line lacks is an empty value.
 * Duplicate ids are all passed on and the consumer decides (an index upserts, so the last one
 * wins). A record whose resolvedAt precedes its createdAt is skipped.
 *
 * <p>Instances are immutable and can be shared between threads; each read is independent.
 */
public final class TicketReader {

  /** The input's format. */
  public enum Format {
    CSV,
    NDJSON,
    /**
     * By file extension (.csv, .ndjson, .jsonl, .json), else NDJSON when the first non-blank byte
     * is '{'.
     */
    AUTO
  }

  /** Longest single field, in chars: the limit of every way a ticket comes in. */
  public static final int DEFAULT_MAX_FIELD_CHARS = Ticket.MAX_FIELD_CHARS;

  /** Longest record (a CSV record across all its lines, or an NDJSON line), in chars. */
  public static final int DEFAULT_MAX_RECORD_CHARS = 1 << 20;

  /** Most fields in one CSV record. */
  public static final int DEFAULT_MAX_COLUMNS = 1_024;

  private final ColumnMapping mapping;
  private final Format format;
  private final DateParser dates;
  private final ReadLimits limits;
  private final LongConsumer progress;

  private TicketReader(Builder b) {
    this.mapping = Objects.requireNonNull(b.mapping, "a column mapping is required");
    this.format = b.format;
    this.dates = new DateParser(b.dateFormat, b.zone, b.locale);
    this.limits = new ReadLimits(b.maxFieldChars, b.maxRecordChars, b.maxColumns);
    this.progress = b.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads {@code in} to its end, passing each ticket to {@code sink} in file order. The stream is
   * not closed.
   *
   * @throws ImportException when the input cannot be read or does not fit the mapping at all
   */
  public ImportReport read(InputStream in, Consumer<Ticket> sink) {
    BufferedInputStream buffered = new BufferedInputStream(in);
    boolean ndjson =
        switch (format) {
          case CSV -> false;
          case NDJSON -> true;
          case AUTO -> FormatSniffer.isNdjsonByContent(buffered);
        };
    return read(buffered, ndjson, sink);
  }

  /**
   * Reads a file; with {@link Format#AUTO} its extension decides the format when it is known.
   *
   * @throws ImportException when the file cannot be opened or read, or does not fit the mapping at
   *     all
   */
  public ImportReport read(Path file, Consumer<Ticket> sink) {
    try (InputStream in = Files.newInputStream(file)) {
      BufferedInputStream buffered = new BufferedInputStream(in);
      boolean ndjson =
          switch (format) {
            case CSV -> false;
            case NDJSON -> true;
            case AUTO ->
                FormatSniffer.isNdjsonByName(file)
                    .orElseGet(() -> FormatSniffer.isNdjsonByContent(buffered));
          };
      return read(buffered, ndjson, sink);
    } catch (IOException e) {
      throw new ImportException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a whole file into memory; meant for small files, use {@link #read(Path, Consumer)} for
   * big ones.
   */
  public ReadResult readAll(Path file) {
    List<Ticket> tickets = new ArrayList<>();
    ImportReport report = read(file, tickets::add);
    return new ReadResult(tickets, report);
  }

  private ImportReport read(InputStream in, boolean ndjson, Consumer<Ticket> sink) {
    RowMapper mapper = new RowMapper(mapping.sources(), dates);
    ImportRun run = new ImportRun(mapper, sink, progress);
    CharSource chars = CharSource.utf8(in);
    if (ndjson) {
      NdjsonImport.run(chars, limits, mapping.sources(), run);
    } else {
      CsvImport.run(chars, limits, mapping.sources(), mapping.columnsOptional(), run);
    }
    return run.finish();
  }

  /** Settings for a {@link TicketReader}; only {@link #mapping} is required. */
  public static final class Builder {
    private ColumnMapping mapping;
    private Format format = Format.AUTO;
    private String dateFormat;
    private ZoneId zone = ZoneOffset.UTC;
    private Locale locale = Locale.ENGLISH;
    private int maxFieldChars = DEFAULT_MAX_FIELD_CHARS;
    private int maxRecordChars = DEFAULT_MAX_RECORD_CHARS;
    private int maxColumns = DEFAULT_MAX_COLUMNS;
    private LongConsumer progress = rows -> {};

    private Builder() {}

    public Builder mapping(ColumnMapping mapping) {
      this.mapping = Objects.requireNonNull(mapping, "mapping");
      return this;
    }

    /** Default {@link Format#AUTO}. */
    public Builder format(Format format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * A {@link java.time.format.DateTimeFormatter} pattern for createdAt and resolvedAt, matched
     * ignoring case, e.g. {@code dd/MMM/yy HH:mm}. Default (or {@code null}): ISO-8601 as an
     * instant, an offset date-time, a local date-time or a local date; a space may stand for the
     * 'T'.
     */
    public Builder dateFormat(String pattern) {
      this.dateFormat = pattern;
      return this;
    }

    /** Zone for dates without an offset. Default UTC. */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** Locale for month and day names in {@link #dateFormat}. Default {@link Locale#ENGLISH}. */
    public Builder locale(Locale locale) {
      this.locale = Objects.requireNonNull(locale, "locale");
      return this;
    }

    /** Default {@link #DEFAULT_MAX_FIELD_CHARS}. */
    public Builder maxFieldChars(int chars) {
      this.maxFieldChars = chars;
      return this;
    }

    /** Default {@link #DEFAULT_MAX_RECORD_CHARS}; also the NDJSON line limit. */
    public Builder maxRecordChars(int chars) {
      this.maxRecordChars = chars;
      return this;
    }

    /** Default {@link #DEFAULT_MAX_COLUMNS}. */
    public Builder maxColumns(int columns) {
      this.maxColumns = columns;
      return this;
    }

    /**
     * Called with the number of records seen so far, every thousand records and once at the end.
     */
    public Builder progress(LongConsumer rowsSeen) {
      this.progress = Objects.requireNonNull(rowsSeen, "progress");
      return this;
    }

    /**
     * @throws NullPointerException without a mapping
     * @throws IllegalArgumentException for a bad date pattern or a limit that is not positive
     */
    public TicketReader build() {
      return new TicketReader(this);
    }
  }
}
