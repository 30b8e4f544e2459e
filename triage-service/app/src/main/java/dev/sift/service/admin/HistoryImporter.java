package dev.sift.service.admin;

import dev.sift.data.ColumnMapping;
import dev.sift.data.ImportReport;
import dev.sift.data.Ticket;
import dev.sift.data.TicketReader;
import dev.sift.engine.TenantModel;
import dev.sift.engine.TenantErasedException;
import dev.sift.engine.TriageEngine;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Streams a history file into a tenant: tickets are read one at a time, stored in durable batches, and the
 * tenant's calibration is refitted once at the end. Shared by the HTTP upload, the command-line import and the
 * demo tenant, so all three behave the same.
 *
 * <p>Batches go to the store directly rather than through {@link TriageEngine#upsert}, which would schedule a
 * background refit after nearly every batch of a large import; the single refit at the end is what
 * {@link TriageEngine#importHistory} does for a list held in memory.
 */
public final class HistoryImporter {

  /** Tickets per durable write: large enough to amortise embedding and commit, small enough to stream. */
  public static final int BATCH_SIZE = 500;
  /** How much of a bad option an error message quotes. */
  private static final int MAX_ECHOED_OPTION_CHARS = 200;
  /**
   * How much of an upload {@link #check} reads at most: beyond the longest record a reader accepts (1 Mi chars, up to
   * 4 bytes each), so that a header too long or a file that is no export at all is seen within it.
   */
  static final int CHECK_BYTES = 8 << 20;

  /** Told after each stored batch and before the refit. */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void stored(long imported) {}

    default void calibrating(long imported) {}

    /** How far the refit after the import has come; see {@link dev.sift.engine.FitProgress}. */
    default void calibrationProgress(dev.sift.engine.FitProgress.Step step, long done, long total) {}

    /** A replace is about to swap the rebuilt index in. */
    default void swapping(long imported) {}
  }

  /** A replace that was cancelled or could not finish; the tenant was left on its previous index. */
  public static final class ReplaceAbandonedException extends RuntimeException {
    ReplaceAbandonedException(String message) {
      super(message);
    }
  }

  /**
   * The outcome of one import.
   *
   * @param created whether the tenant did not exist before
   * @param model the refitted model, or null when nothing was imported
   */
  public record Result(String tenant, boolean created, ImportReport report, Duration took, TenantModel model) {

    public double ticketsPerSecond() {
      double seconds = took.toNanos() / 1e9;
      return seconds <= 0 ? 0 : Math.round(report.imported() / seconds * 10) / 10.0;
    }
  }

  /** An import that was asked to stop; the tickets stored before it stay (an append) or were dropped (a replace). */
  public static final class CancelledException extends RuntimeException {
    private final long stored;

    CancelledException(long stored) {
      super("cancelled after " + stored + " tickets");
      this.stored = stored;
    }

    public long stored() {
      return stored;
    }
  }

  /**
   * How to read an upload: kept by a job, which builds its readers with their own progress hooks.
   *
   * @param mapping {@code field=Column header,...}; null or blank for columns named like the ticket fields
   * @param dateFormat a date pattern such as {@code dd/MMM/yy HH:mm}; null or blank for ISO-8601
   */
  public record Source(String mapping, String dateFormat, TicketReader.Format format) {

    /**
     * A reader telling {@code rowsSeen} how many records it has read (every thousand and at the end).
     *
     * @throws InvalidOptionException for a mapping or pattern that cannot be used
     */
    public TicketReader reader(java.util.function.LongConsumer rowsSeen) {
      return HistoryImporter.reader(mapping, dateFormat, format, rowsSeen);
    }
  }

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

  private final TriageEngine engine;

  /**
   * A reader for a history file.
   *
   * @param mapping {@code field=Column header,...}; null or blank for columns named like the ticket fields
   * @param dateFormat a date pattern such as {@code dd/MMM/yy HH:mm}; null or blank for ISO-8601
   * @throws InvalidOptionException for a mapping or pattern that cannot be used
   */
  public static TicketReader reader(String mapping, String dateFormat, TicketReader.Format format) {
    return reader(mapping, dateFormat, format, rows -> { });
  }

  private static TicketReader reader(String mapping, String dateFormat, TicketReader.Format format,
      java.util.function.LongConsumer rowsSeen) {
    ColumnMapping columns;
    try {
      columns = mapping == null || mapping.isBlank() ? ColumnMapping.identity() : ColumnMapping.parse(mapping);
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException("mapping", "invalid column mapping: " + abbreviate(e.getMessage()));
    }
    try {
      return TicketReader.builder()
          .mapping(columns)
          .format(format)
          .dateFormat(dateFormat == null || dateFormat.isBlank() ? null : dateFormat)
          .progress(rowsSeen)
          .build();
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException("dateFormat", "invalid date format '" + abbreviate(dateFormat) + "': "
          + abbreviate(e.getMessage()));
    }
  }

  // Options are echoed only in part: a caller sending megabytes of one gains nothing from a copy.
  private static String abbreviate(String s) {
    return s == null || s.length() <= MAX_ECHOED_OPTION_CHARS ? s : s.substring(0, MAX_ECHOED_OPTION_CHARS) + "...";
  }

  /** CSV for {@code .csv}, NDJSON for {@code .ndjson} and {@code .jsonl}, otherwise sniffed from the content. */
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

  public HistoryImporter(TriageEngine engine) {
    this.engine = Objects.requireNonNull(engine);
  }

  /**
   * Reads the head of an upload, up to its first ticket, so that a file that cannot be imported at all is refused
   * before a job is queued for it; bad rows are no reason to refuse (the import skips and lists them).
   *
   * @throws dev.sift.data.ImportException when the file has no usable header or is no CSV or NDJSON export
   */
  public static void check(TicketReader reader, java.nio.file.Path upload) {
    try (InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(upload))) {
      reader.read(new LimitedInputStream(in, CHECK_BYTES), ticket -> {
        throw new HeadRead();
      });
    } catch (HeadRead enough) {
      // a ticket came out: the header fits
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the uploaded history " + upload, e);
    }
  }

  /** Ends {@link #check} at the first ticket; no stack trace, it is not an error. */
  private static final class HeadRead extends RuntimeException {
    HeadRead() {
      super(null, null, false, false);
    }
  }

  /** Ends a stream after {@code limit} bytes, as if the file ended there. */
  private static final class LimitedInputStream extends java.io.FilterInputStream {
    private long left;

    LimitedInputStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws java.io.IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      left -= b >= 0 ? 1 : 0;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      left -= Math.max(n, 0);
      return n;
    }
  }

  /** {@link #run(String, TicketReader, InputStream, Listener, BooleanSupplier)} that cannot be cancelled. */
  /** How many times the tenant was deleted so far; an import queued now passes it to its run. */
  public long erasures(String tenant) {
    return engine.store().erasures(tenant);
  }

  public Result run(String tenant, TicketReader reader, InputStream in, Listener listener) {
    return run(tenant, reader, in, listener, () -> false);
  }

  /**
   * Imports everything {@code reader} finds in {@code in}. Tickets stored before a failure or a cancel stay stored,
   * and the tenant is refitted on them before the failure is passed on.
   *
   * @param cancelled polled between tickets
   * @throws dev.sift.data.ImportException when the input as a whole cannot be read
   * @throws CancelledException when {@code cancelled} turned true
   */
  public Result run(String tenant, TicketReader reader, InputStream in, Listener listener,
      BooleanSupplier cancelled) {
    return run(tenant, reader, in, listener, cancelled, erasures(tenant));
  }

  /**
   * As {@link #run(String, TicketReader, InputStream, Listener, BooleanSupplier)} for an import queued when the
   * tenant had been deleted {@code erasuresSeen} times ({@link #erasures}): a delete since then stops it with
   * {@link TenantErasedException} before its next batch, so an erased tenant does not come back.
   */
  public Result run(String tenant, TicketReader reader, InputStream in, Listener listener,
      BooleanSupplier cancelled, long erasuresSeen) {
    long start = System.nanoTime();
    boolean existed = engine.store().exists(tenant);
    Batcher batcher = new Batcher(tenant, listener, cancelled, erasuresSeen);
    ImportReport report;
    try {
      report = reader.read(in, batcher);
      batcher.flush();
    } catch (RuntimeException e) {
      if (batcher.stored > 0 && !(e instanceof TenantErasedException)) {
        try {
          engine.refit(tenant);
        } catch (RuntimeException refitFailure) {
          e.addSuppressed(refitFailure);
        }
      }
      throw e;
    }
    TenantModel model = null;
    if (batcher.stored > 0) {
      listener.calibrating(batcher.stored);
      model = engine.refit(tenant, listener::calibrationProgress);
    }
    return new Result(tenant, !existed && batcher.stored > 0, report, Duration.ofNanos(System.nanoTime() - start),
        model);
  }

  /**
   * Rebuilds a tenant from {@code in} without downtime: the tickets go into a staging index beside the live one,
   * which triage keeps serving; when the whole file is stored the staging index is swapped in atomically and the
   * tenant refitted. On failure or cancellation the staging index is dropped and the live one is untouched. A file
   * with no importable ticket is refused rather than emptying the tenant.
   *
   * @param token names the staging index, lower-case letters and digits (a job id)
   * @param cancelled polled between tickets
   * @throws ReplaceAbandonedException when cancelled or when nothing could be imported
   */
  public Result replace(String tenant, String token, TicketReader reader, InputStream in, Listener listener,
      BooleanSupplier cancelled) {
    long start = System.nanoTime();
    boolean existed = engine.store().exists(tenant);
    ImportReport report = engine.store().rebuild(tenant, token, staging -> {
      Batcher batcher = new Batcher(staging, listener, cancelled, erasures(staging));
      ImportReport read;
      try {
        read = reader.read(in, batcher);
      } catch (CancelledException e) {
        throw new ReplaceAbandonedException(e.getMessage() + "; the tenant was left as it was");
      }
      batcher.flush();
      if (batcher.stored == 0) {
        throw new ReplaceAbandonedException("the file has no importable ticket (" + read.summary()
            + "); the tenant was left as it was");
      }
      listener.swapping(batcher.stored);
      return read;
    });
    listener.calibrating(report.imported());
    if (!engine.store().exists(tenant)) { // deleted right after the swap: calibrating would bring back its labels
      throw new TenantErasedException(tenant);
    }
    TenantModel model = engine.refit(tenant, listener::calibrationProgress);
    return new Result(tenant, !existed, report, Duration.ofNanos(System.nanoTime() - start), model);
  }

  private final class Batcher implements java.util.function.Consumer<Ticket> {
    private final String tenant;
    private final Listener listener;
    private final BooleanSupplier cancelled;
    private final long erasuresSeen;
    private final List<Ticket> batch = new ArrayList<>(BATCH_SIZE);
    private long stored;

    Batcher(String tenant, Listener listener, BooleanSupplier cancelled, long erasuresSeen) {
      this.tenant = tenant;
      this.listener = listener;
      this.cancelled = cancelled;
      this.erasuresSeen = erasuresSeen;
    }

    @Override
    public void accept(Ticket ticket) {
      if (cancelled.getAsBoolean()) {
        throw new CancelledException(stored);
      }
      batch.add(ticket);
      if (batch.size() >= BATCH_SIZE) {
        flush();
      }
    }

    void flush() {
      if (batch.isEmpty()) {
        return;
      }
      engine.store().upsertUnlessErased(tenant, batch, erasuresSeen);
      stored += batch.size();
      batch.clear();
      listener.stored(stored);
    }
  }
}
