package dev.sift.evaluation.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The backtest's {@code report.md}, which {@code report.html} also renders. */
final class ReportMarkdown {

  private ReportMarkdown() {}

  /**
   * report.md's text: the run, the learning curve if there is one, and per field a table of every
   * method's metrics, the field's plots and the featured method's per-class figures.
   */
  static String page(
      Report.Dataset dataset,
      double triageMillisP50,
      Outcome outcome,
      String featured,
      List<HistoryPoint> curve,
      Map<String, String> plots) {
    StringBuilder md = new StringBuilder("# Backtest report\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Data `%s`: %d rows; split `%s`: %d history, %d test tickets. "
                + "Triage p50 %.2f ms; embedding %.0f texts/s.%n%n",
            dataset.path(),
            dataset.rows(),
            dataset.split(),
            dataset.train(),
            dataset.test(),
            triageMillisP50,
            outcome.embedTextsPerSecond()));
    if (!curve.isEmpty()) {
      md.append(CurveTable.learningCurve(curve));
    }
    Report.results(outcome)
        .forEach(
            (field, byMethod) -> {
              md.append("## ").append(field).append("\n\n");
              List<String> columns = new ArrayList<>();
              byMethod
                  .values()
                  .forEach(
                      m ->
                          m.keySet()
                              .forEach(
                                  k -> {
                                    if (!columns.contains(k)) {
                                      columns.add(k);
                                    }
                                  }));
              md.append("| method | ")
                  .append(String.join(" | ", columns))
                  .append(" |\n|---|")
                  .append("---|".repeat(columns.size()))
                  .append("\n");
              byMethod.forEach(
                  (method, m) -> {
                    md.append("| ").append(method).append(" |");
                    columns.forEach(
                        c ->
                            md.append(' ')
                                .append(
                                    m.containsKey(c)
                                        ? String.format(Locale.ROOT, "%.3f", m.get(c))
                                        : "–")
                                .append(" |"));
                    md.append('\n');
                  });
              md.append('\n');
              plots.keySet().stream()
                  .filter(p -> p.startsWith(field + "-"))
                  .forEach(p -> md.append("![").append(p).append("](").append(p).append(")\n\n"));
              if (outcome.labels().containsKey(field)) {
                String method = ReportPlots.featuredFor(outcome.labels().get(field), featured);
                md.append("### Per class, ")
                    .append(method)
                    .append(
                        "\n\n| class | support | predicted | precision | recall |\n"
                            + "|---|---|---|---|---|\n");
                Metrics.perClass(outcome.labels().get(field).get(method))
                    .forEach(
                        c ->
                            md.append(
                                String.format(
                                    Locale.ROOT,
                                    "| %s | %d | %d | %.3f | %.3f |%n",
                                    c.value().replace("|", "\\|"),
                                    c.support(),
                                    c.predicted(),
                                    c.precision(),
                                    c.recall())));
                md.append('\n');
              }
            });
    return md.toString();
  }
}
