package dev.sift.service.admin;

import dev.sift.data.ImportReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The mutable state of one running job; read through {@link #view()}, which is consistent. */
final class Job {

  private static final double ROUNDING = 10.0;

  private final String id;
  private final String kind;
  private final String tenant;
  private final Clock clock;
  private final Instant createdAt;
  private JobState state = JobState.QUEUED;
  private String phase = "queued";

  /**
   * The refit's step while calibrating, e.g. {@code 2/4 finding neighbours of the backtest sample
   * 800/2000}.
   */
  private String step;

  private Instant startedAt;
  private Instant finishedAt;
  private long imported;
  private long rowsRead;

  /** Records to read, null until counted; the measure of progress and of the ETA. */
  private Long rowsTotal;

  /**
   * Tickets the job will store (importable rows, or tickets to re-embed): {@link #imported} counts
   * towards it.
   */
  private long ticketsExpected;

  /** Since when tickets are stored towards {@link #ticketsExpected}: the rate behind the ETA. */
  private Instant readingSince;

  private long skipped;
  private long bytesRead;
  private final long bytesTotal;
  private String error;
  private List<ImportReport.SkippedRow> skippedRows = List.of();
  private volatile boolean cancelRequested;

  Job(String id, String kind, String tenant, long bytesTotal, Clock clock) {
    this.id = id;
    this.kind = kind;
    this.tenant = tenant;
    this.bytesTotal = bytesTotal;
    this.clock = clock;
    this.createdAt = clock.instant();
  }

  String id() {
    return id;
  }

  boolean cancelRequested() {
    return cancelRequested;
  }

  void requestCancel() {
    cancelRequested = true;
  }

  synchronized void start() {
    state = JobState.RUNNING;
    phase = "importing";
    startedAt = clock.instant();
    if (rowsTotal
        != null) { // counted at submission (a re-embed): the rate runs from now, not from the queue
      readingSince = startedAt;
    }
  }

  synchronized void phase(String phase, long imported) {
    this.phase = phase;
    this.imported = imported;
    this.step = null;
  }

  /**
   * The records this job will read (rows of an upload, tickets to re-embed) and of them the tickets
   * it will store, known from now on.
   */
  synchronized void rowsTotal(long total, long tickets) {
    this.rowsTotal = total;
    this.ticketsExpected = tickets;
    this.readingSince = clock.instant();
  }

  /**
   * Records read so far; a count never goes back (readers report every thousand, batches every five
   * hundred).
   */
  synchronized void rowsRead(long rows) {
    this.rowsRead = Math.max(this.rowsRead, rows);
  }

  /**
   * Where the refit that ends the job has come: {@code done} of {@code total} units of its step.
   */
  synchronized void calibration(dev.sift.engine.FitProgress.Step s, long done, long total) {
    this.step =
        s.number()
            + "/"
            + dev.sift.engine.FitProgress.Step.values().length
            + " "
            + s.label()
            + " "
            + done
            + "/"
            + total;
  }

  synchronized void bytesRead(long bytes) {
    this.bytesRead = bytes;
  }

  synchronized void finish(JobState state, ImportReport report, String error) {
    if (report == null && state == JobState.SUCCEEDED) {
      this.rowsRead = imported;
    }
    this.state = state;
    this.phase = "done";
    this.step = null;
    this.finishedAt = clock.instant();
    this.error = error;
    if (report != null) {
      this.imported = report.imported();
      this.rowsRead = report.rowsRead();
      this.skipped = report.skipped();
      this.skippedRows = report.skippedRows();
    }
  }

  synchronized JobView view() {
    Instant end = finishedAt != null ? finishedAt : clock.instant();
    double seconds = startedAt == null ? 0 : Duration.between(startedAt, end).toNanos() / 1e9;
    double rate = seconds <= 0 ? 0 : Math.round(imported / seconds * ROUNDING) / ROUNDING;
    Long eta = null;
    if (state == JobState.RUNNING && readingSince != null && imported > 0) {
      // From tickets stored, not rows read: the reader runs up to a batch ahead of the embedding,
      // which is the slow part. Calibration follows the last row and is not in this estimate: it is
      // the time left reading.
      double reading = Duration.between(readingSince, end).toNanos() / 1e9;
      eta = Math.round(reading * Math.max(0, ticketsExpected - imported) / (double) imported);
    } else if (readingSince != null) {
      eta = null; // counted, nothing stored yet: no rate to go by
    } else if (state == JobState.RUNNING && bytesRead > 0 && bytesTotal > 0) {
      eta = Math.round(seconds * (bytesTotal - bytesRead) / (double) bytesRead);
    }
    return new JobView(
        id,
        kind,
        tenant,
        state,
        phase,
        step,
        createdAt,
        startedAt,
        finishedAt,
        imported,
        rowsRead,
        rowsTotal,
        skipped,
        bytesRead,
        bytesTotal,
        rate,
        eta,
        error,
        skippedRows);
  }
}
