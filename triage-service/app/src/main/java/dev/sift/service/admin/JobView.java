package dev.sift.service.admin;

import dev.sift.data.ImportReport;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A job as reported by {@code GET /v1/jobs/{id}}.
 *
 * @param state {@code queued}, {@code running}, {@code succeeded}, {@code failed} or {@code
 *     cancelled}
 * @param phase what a running job is doing: {@code queued}, {@code counting} (an upload's rows),
 *     {@code importing}, {@code swapping}, {@code calibrating}, {@code done}
 * @param step what the phase is doing, where there is more to say: while calibrating, the refit's
 *     step and its count ({@code 2/4 finding neighbours of the backtest sample 800/2000}); else
 *     null
 * @param kind {@code import-history} (an append), {@code replace-history} or {@code reembed}
 * @param rowsRead records read so far: rows of the upload for an import, stored tickets for a
 *     re-embed
 * @param rowsTotal records the job reads in all, counted before it starts on them (an upload's rows
 *     are counted in a first pass that embeds nothing); null until then
 * @param bytesRead bytes of the uploaded file read so far, and {@code bytesTotal} its size
 * @param ticketsPerSecond tickets stored per second since the job started
 * @param etaSeconds estimated seconds left reading, from the rate of tickets stored since the count
 *     and the tickets the count found (before the count, from the share of the file read); null
 *     when unknown. The refit after the last row is not included.
 * @param skippedRows rows that could not become tickets, with their line and reason (the first
 *     1,000)
 */
public record JobView(
    String id,
    String kind,
    String tenant,
    JobState state,
    String phase,
    String step,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    long imported,
    long rowsRead,
    Long rowsTotal,
    long skipped,
    long bytesRead,
    long bytesTotal,
    double ticketsPerSecond,
    Long etaSeconds,
    String error,
    List<ImportReport.SkippedRow> skippedRows) {

  /** This job, ended as failed at {@code at} for {@code why}, its counts kept. */
  JobView failed(Instant at, String why) {
    return new JobView(
        id,
        kind,
        tenant,
        JobState.FAILED,
        "done",
        null,
        createdAt,
        startedAt,
        at,
        imported,
        rowsRead,
        rowsTotal,
        skipped,
        bytesRead,
        bytesTotal,
        ticketsPerSecond,
        null,
        why,
        skippedRows);
  }

  /** The tenants the job rebuilds. */
  List<String> tenants() {
    return Arrays.asList(tenant.split(","));
  }

  boolean finished() {
    return state.finished();
  }
}
