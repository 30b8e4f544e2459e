package dev.sift.service.admin;

import dev.sift.data.ImportReport;
import java.util.List;

/**
 * The answer to a history upload.
 *
 * @param skippedRows the first skipped rows with their 1-based line (the header is line 1) and reason
 */
record HistoryResponse(String tenant, boolean created, long rowsRead, long imported, long skipped,
    List<ImportReport.SkippedRow> skippedRows, long tookMs, double ticketsPerSecond) {

  static HistoryResponse of(HistoryImporter.Result result) {
    ImportReport r = result.report();
    return new HistoryResponse(result.tenant(), result.created(), r.rowsRead(), r.imported(), r.skipped(),
        r.skippedRows(), result.took().toMillis(), result.ticketsPerSecond());
  }
}
