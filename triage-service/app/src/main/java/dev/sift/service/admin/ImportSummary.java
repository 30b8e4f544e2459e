package dev.sift.service.admin;

import dev.sift.data.ImportReport;
import dev.sift.engine.EtaFit;
import dev.sift.engine.FieldFit;
import dev.sift.engine.History;
import dev.sift.engine.HistoryImporter;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report the command-line import prints on stdout: counts and speed, the skipped rows, and the
 * calibration the refit chose with its backtest, so that an operator sees at once whether the
 * tenant will abstain on a field.
 */
final class ImportSummary {

  /** Skipped rows listed; the rest are only counted, since a bad export can skip every row. */
  private static final int SHOWN_SKIPPED = 20;

  private ImportSummary() {}

  static void print(HistoryImporter.Result result, History history, PrintStream out) {
    ImportReport r = result.report();
    out.printf(
        Locale.ROOT,
        "Imported %,d tickets into tenant '%s'%s in %.1f s (%,.1f tickets/s).%n",
        r.imported(),
        result.tenant(),
        result.created() ? " (new tenant)" : "",
        result.took().toMillis() / 1000.0,
        result.ticketsPerSecond());
    out.printf(
        Locale.ROOT,
        "Rows read: %,d; imported: %,d; skipped: %,d. Tenant now holds %,d tickets.%n",
        r.rowsRead(),
        r.imported(),
        r.skipped(),
        history.ticketCount(result.tenant()));
    if (r.skipped() > 0) {
      List<ImportReport.SkippedRow> shown =
          r.skippedRows().subList(0, Math.min(SHOWN_SKIPPED, r.skippedRows().size()));
      out.printf(
          Locale.ROOT,
          "Skipped rows (%s):%n",
          shown.size() < r.skipped()
              ? "first " + shown.size() + " of " + r.skipped()
              : "all " + r.skipped());
      for (ImportReport.SkippedRow row : shown) {
        out.printf(Locale.ROOT, "  line %d: %s%n", row.line(), row.reason());
      }
    }
    if (result.fit() != null && !result.fit().fields().isEmpty()) {
      out.println(
          "Calibration (confidence below the threshold abstains; backtest on held-out history):");
      for (Map.Entry<String, FieldFit> e : result.fit().fields().entrySet()) {
        FieldFit f = e.getValue();
        FieldFit.BacktestSummary b = f.backtest();
        out.printf(
            Locale.ROOT,
            "  %-16s %4d values  threshold %s  accuracy %.2f  coverage %.2f  precision %.2f"
                + "  (%d held out)%n",
            e.getKey(),
            f.labelCounts().size(),
            f.threshold() > 1 ? "never" : String.format(Locale.ROOT, "%.3f", f.threshold()),
            b.accuracy(),
            b.coverage(),
            b.precision(),
            b.samples());
      }
    }
    EtaFit eta = result.fit() == null ? null : result.fit().eta();
    if (eta != null && eta.samples() > 0) {
      EtaFit.Backtest chosen = eta.backtest().get(eta.method());
      out.printf(
          Locale.ROOT,
          "ETA: %s answers  MAE ln(1+h) %.3f (median %.3f)  p90 covers %.2f, p90 - p50 %.0f h"
              + "  (%d resolved held out)%n",
          eta.method(),
          chosen.maeLogHours(),
          eta.backtest().get(EtaFit.MEDIAN).maeLogHours(),
          chosen.p90Coverage(),
          chosen.p90WidthHours(),
          eta.samples());
    }
  }
}
