package dev.sift.evaluation.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Markdown tables of each method's operating point per history size: top-1 accuracy with its
 * standard error, coverage, precision when answering with its 95% Wilson lower bound, and ECE
 * beside the ECE that sampling noise alone would give (its 95th percentile) for label fields; the
 * log error of the ETA against the history median's. report.md shows one for a learning curve,
 * docs/accuracy.md one for the suite over every development data set.
 */
public final class CurveTable {

  private static final String NONE = "–";
  private static final String MEDIAN = "median";

  private final boolean withDataSet;

  /** Rows per data set and field, so that each field's sizes and methods stay together. */
  private final Map<String, List<String>> labelRows = new LinkedHashMap<>();

  private final List<String> etaRows = new ArrayList<>();

  /**
   * @param withDataSet whether rows start with a data set column (the suite) or not (one report)
   */
  public CurveTable(boolean withDataSet) {
    this.withDataSet = withDataSet;
  }

  /**
   * Adds a row per field and method of one run over {@code history} tickets ({@code size} as
   * asked).
   */
  public void add(String dataSet, HistoryPoint point) {
    String history =
        point.size().equals(HistoryPoint.ALL)
            ? String.format(Locale.ROOT, "all (%d)", point.history())
            : point.size();
    Outcome outcome = point.outcome();
    outcome
        .labels()
        .forEach(
            (field, byMethod) ->
                byMethod.forEach(
                    (method, ps) -> {
                      Map<String, Double> m = Report.labelMetrics(method, ps);
                      labelRows
                          .computeIfAbsent(dataSet + "\u0000" + field, k -> new ArrayList<>())
                          .add(
                              row(
                                  dataSet,
                                  field,
                                  history,
                                  method,
                                  String.valueOf(ps.size()),
                                  f(m.get("accuracy")) + " ± " + f(m.get("accuracyStandardError")),
                                  f(m.get("coverage")),
                                  f(m.get("precisionWhenAnswering")),
                                  f(m.get("precisionWhenAnsweringLower95")),
                                  f(m.get("expectedCalibrationError")),
                                  f(m.get("expectedCalibrationErrorIfCalibrated95"))));
                    }));
    List<EtaMetrics.EtaPrediction> median = outcome.eta().get(MEDIAN);
    double medianMae = median == null ? Double.NaN : EtaMetrics.maeLogHours(median);
    outcome
        .eta()
        .forEach(
            (method, ps) -> {
              Map<String, Double> m = Report.etaMetrics(ps);
              double gap = m.get("maeLogHours") - medianMae;
              etaRows.add(
                  row(
                      dataSet,
                      null,
                      history,
                      method,
                      String.valueOf(ps.size()),
                      f(m.get("maeLogHours")) + " ± " + f(m.get("maeLogHoursStandardError")),
                      method.equals(MEDIAN) || Double.isNaN(gap)
                          ? NONE
                          : String.format(Locale.ROOT, "%+.3f", gap),
                      f(m.get("p90IntervalCoverage"))));
            });
  }

  /** The label table, then the ETA table when any method gave an ETA. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    if (!labelRows.isEmpty()) {
      md.append(
          header(
              "n",
              "top-1 ± SE",
              "coverage",
              "precision when answering",
              "its 95% lower bound",
              "ECE",
              "ECE if calibrated (95%)"));
      labelRows.values().forEach(rows -> rows.forEach(md::append));
    }
    if (!etaRows.isEmpty()) {
      md.append(md.isEmpty() ? "" : "\n")
          .append(header("n", "MAE ln(1 + h) ± SE", "vs history median", "p90 coverage"));
      etaRows.forEach(md::append);
    }
    return md.toString();
  }

  /**
   * report.json's {@code learningCurve}: per history size, its label, its ticket count and its
   * results.
   */
  static List<Object> json(List<HistoryPoint> curve) {
    List<Object> points = new ArrayList<>();
    for (HistoryPoint p : curve) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("historySize", p.size());
      point.put("history", p.history());
      point.put("results", Report.results(p.outcome()));
      points.add(point);
    }
    return points;
  }

  /** report.md's learning curve section. */
  static String learningCurve(List<HistoryPoint> curve) {
    CurveTable table = new CurveTable(false);
    curve.forEach(p -> table.add(null, p));
    return "## Learning curve\n\nThe same test tickets, with histories subsampled from the history part (seed "
        + HistoryPoint.SUBSAMPLE_SEED
        + "); the sections below use the largest.\n\n"
        + table.markdown()
        + "\n";
  }

  private String header(String... metrics) {
    List<String> cols = new ArrayList<>();
    if (withDataSet) {
      cols.add("data set");
    }
    cols.add("field");
    cols.add("history");
    cols.add("method");
    cols.addAll(List.of(metrics));
    return "| " + String.join(" | ", cols) + " |\n|" + "---|".repeat(cols.size()) + "\n";
  }

  private String row(String dataSet, String field, String history, String method, String... cells) {
    List<String> cols = new ArrayList<>();
    if (withDataSet) {
      cols.add(dataSet);
    }
    cols.add(field == null ? "eta" : field);
    cols.add(history);
    cols.add(method);
    cols.addAll(List.of(cells));
    return "| " + String.join(" | ", cols) + " |\n";
  }

  private static String f(Double v) {
    return v == null || v.isNaN() ? NONE : String.format(Locale.ROOT, "%.3f", v);
  }
}
