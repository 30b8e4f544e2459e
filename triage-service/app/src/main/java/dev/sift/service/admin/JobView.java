package dev.sift.service.admin;

import dev.sift.data.ImportReport;
import dev.sift.index.TenantNames;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A job as reported by {@code GET /v1/jobs/{id}}.
 *
 * @param state {@code queued}, {@code running}, {@code succeeded}, {@code failed} or {@code cancelled}
 * @param phase what a running job is doing: {@code queued}, {@code importing}, {@code swapping},
 *     {@code calibrating}, {@code done}
 * @param bytesRead bytes of the uploaded file read so far, and {@code bytesTotal} its size
 * @param ticketsPerSecond tickets stored per second since the job started
 * @param etaSeconds estimated seconds left, from the share of the file read; null when unknown
 * @param skippedRows rows that could not become tickets, with their line and reason (the first 1,000)
 */
public record JobView(String id, String kind, String tenant, String state, String phase, Instant createdAt,
    Instant startedAt, Instant finishedAt, long imported, long rowsRead, long skipped, long bytesRead,
    long bytesTotal, double ticketsPerSecond, Long etaSeconds, String error,
    List<ImportReport.SkippedRow> skippedRows) {

  /** This job, ended as failed at {@code at} for {@code why}, its counts kept. */
  JobView failed(Instant at, String why) {
    return new JobView(id, kind, tenant, "failed", "done", createdAt, startedAt, at, imported, rowsRead, skipped,
        bytesRead, bytesTotal, ticketsPerSecond, null, why, skippedRows);
  }

  /** The staging names the job built under, one per tenant it rebuilds. */
  List<String> stagingNames() {
    return Arrays.stream(tenant.split(",")).map(t -> TenantNames.staging(t, id)).toList();
  }

  boolean finished() {
    return state.equals("succeeded") || state.equals("failed") || state.equals("cancelled");
  }
}
