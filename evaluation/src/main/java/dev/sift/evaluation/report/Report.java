package dev.sift.evaluation.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The backtest's outputs: the summary table on stdout, {@code report.json} (a contract scripts
 * depend on), {@code report.md} with its SVG plots, and a self-contained {@code report.html}.
 */
public final class Report {

  private static final double TARGET_PRECISION = 0.9;

  /** Methods whose confidence says nothing: the same for every ticket. */
  static final List<String> BASELINES_WITHOUT_CONFIDENCE = List.of("majority");

  /** What was run on which data. */
  public record Dataset(String path, long rows, int train, int test, String split) {}

  private final Dataset dataset;
  private final Outcome outcome;
  private final double triageMillisP50;
  private final String featured;
  private final List<HistoryPoint> curve;

  /**
   * @param outcome the run over the largest history; the reports' tables, plots and per-class
   *     figures show it
   * @param featured the method whose per-class table and confusion matrix are shown (Sift's default
   *     if run)
   * @param curve one run per history size for the learning curve, or empty
   */
  public Report(
      Dataset dataset,
      Outcome outcome,
      double triageMillisP50,
      String featured,
      List<HistoryPoint> curve) {
    this.dataset = dataset;
    this.outcome = outcome;
    this.triageMillisP50 = triageMillisP50;
    this.featured = featured;
    this.curve = List.copyOf(curve);
  }

  /** Metrics per field and method, in the order of report.json. */
  Map<String, Map<String, Map<String, Double>>> results() {
    return results(outcome);
  }

  /** Metrics per field and method of one run, in the order of report.json. */
  public static Map<String, Map<String, Map<String, Double>>> results(Outcome outcome) {
    Map<String, Map<String, Map<String, Double>>> results = new LinkedHashMap<>();
    outcome
        .labels()
        .forEach(
            (field, byMethod) ->
                byMethod.forEach(
                    (method, ps) ->
                        results
                            .computeIfAbsent(field, k -> new LinkedHashMap<>())
                            .put(method, labelMetrics(method, ps))));
    outcome
        .eta()
        .forEach(
            (method, ps) ->
                results
                    .computeIfAbsent("eta", k -> new LinkedHashMap<>())
                    .put(method, etaMetrics(ps)));
    return results;
  }

  /** report.json's metrics of one method on one label field. */
  public static Map<String, Double> labelMetrics(String method, List<Metrics.Prediction> ps) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", Metrics.accuracy(ps));
    m.put("accuracyStandardError", Metrics.standardError(Metrics.accuracy(ps), ps.size()));
    // The operating point Sift really uses: its own abstention; methods that never abstain answer
    // everything.
    m.put("coverage", Metrics.coverage(ps));
    m.put("precisionWhenAnswering", Metrics.precisionWhenAnswering(ps));
    m.put("precisionWhenAnsweringLower95", Metrics.precisionWhenAnsweringLower95(ps));
    if (BASELINES_WITHOUT_CONFIDENCE.contains(method)) {
      return m;
    }
    m.put("macroF1", Metrics.macroF1(ps));
    m.put("top3Accuracy", Metrics.topKAccuracy(ps, 3));
    m.put("coverageAtPrecision90", Metrics.coverageAtPrecision(ps, TARGET_PRECISION));
    m.put("precisionAtCoverage50", Metrics.precisionAtCoverage(ps, 0.5));
    m.put("precisionAtCoverage80", Metrics.precisionAtCoverage(ps, 0.8));
    m.put("abstainRate", Metrics.abstainRate(ps));
    m.put("expectedCalibrationError", Metrics.expectedCalibrationError(ps));
    m.put(
        "expectedCalibrationErrorIfCalibrated95",
        Metrics.expectedCalibrationErrorIfCalibrated95(ps));
    return m;
  }

  /** report.json's metrics of one method's ETAs. */
  public static Map<String, Double> etaMetrics(List<EtaMetrics.EtaPrediction> ps) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("medianAbsErrorHours", EtaMetrics.medianAbsErrorHours(ps));
    m.put("maeLogHours", EtaMetrics.maeLogHours(ps));
    m.put("maeLogHoursStandardError", EtaMetrics.maeLogHoursStandardError(ps));
    if (!ps.isEmpty() && ps.stream().noneMatch(p -> Double.isNaN(p.p90()))) {
      m.put("p90IntervalCoverage", EtaMetrics.p90IntervalCoverage(ps));
      m.put("p90IntervalWidthHours", EtaMetrics.p90IntervalWidthHours(ps));
    }
    return m;
  }

  /** The summary table, one row per field and method, and the timing line. */
  public void printSummary(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "data %s: %d rows; split %s: %d history, %d test%n",
        dataset.path(),
        dataset.rows(),
        dataset.split(),
        dataset.train(),
        dataset.test());
    if (!outcome.labels().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "%-16s %-16s %6s %7s %7s %7s %7s %7s %7s %7s %7s %6s%n",
          "field",
          "method",
          "acc",
          "macroF1",
          "top3",
          "cov@p90",
          "p@50%",
          "p@80%",
          "abstain",
          "ansPrec",
          "ECE",
          "n");
      outcome
          .labels()
          .forEach(
              (field, byMethod) ->
                  byMethod.forEach(
                      (method, ps) ->
                          out.printf(
                              Locale.ROOT,
                              "%-16s %-16s %6.3f %7.3f %7.3f %7s %7s %7s %7s %7.3f %7s %6d%n",
                              field,
                              method,
                              Metrics.accuracy(ps),
                              Metrics.macroF1(ps),
                              Metrics.topKAccuracy(ps, 3),
                              cell(method, Metrics.coverageAtPrecision(ps, TARGET_PRECISION)),
                              cell(method, Metrics.precisionAtCoverage(ps, 0.5)),
                              cell(method, Metrics.precisionAtCoverage(ps, 0.8)),
                              cell(method, Metrics.abstainRate(ps)),
                              Metrics.precisionWhenAnswering(ps),
                              cell(method, Metrics.expectedCalibrationError(ps)),
                              ps.size())));
    }
    if (!outcome.eta().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "%-16s %-16s %10s %12s %10s %12s %6s%n",
          "field",
          "method",
          "medAE h",
          "MAE ln(1+h)",
          "p90 cover",
          "p90-p50 h",
          "n");
      outcome
          .eta()
          .forEach(
              (method, ps) -> {
                Map<String, Double> m = etaMetrics(ps);
                out.printf(
                    Locale.ROOT,
                    "%-16s %-16s %10.1f %12.3f %10s %12s %6d%n",
                    "eta",
                    method,
                    m.get("medianAbsErrorHours"),
                    m.get("maeLogHours"),
                    cell(m, "p90IntervalCoverage", "%.3f"),
                    cell(m, "p90IntervalWidthHours", "%.0f"),
                    ps.size());
              });
    }
    out.printf(
        Locale.ROOT,
        "embedding %.0f texts/s, triage p50 %.2f ms%n",
        outcome.embedTextsPerSecond(),
        triageMillisP50);
  }

  private static String cell(Map<String, Double> metrics, String name, String format) {
    return metrics.containsKey(name) ? String.format(Locale.ROOT, format, metrics.get(name)) : "-";
  }

  private static String cell(String method, double v) {
    return BASELINES_WITHOUT_CONFIDENCE.contains(method)
        ? "-"
        : String.format(Locale.ROOT, "%.3f", v);
  }

  /** Writes report.json, report.md, report.html and the plots into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.json"), json(), StandardCharsets.UTF_8);
    Map<String, String> plots = ReportPlots.of(outcome, featured);
    for (Map.Entry<String, String> p : plots.entrySet()) {
      Files.writeString(dir.resolve(p.getKey()), p.getValue(), StandardCharsets.UTF_8);
    }
    String markdown =
        ReportMarkdown.page(dataset, triageMillisP50, outcome, featured, curve, plots);
    Files.writeString(dir.resolve("report.md"), markdown, StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("report.html"), ReportHtml.page(markdown, plots), StandardCharsets.UTF_8);
  }

  /** report.json's text. */
  public String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> ds = new LinkedHashMap<>();
    ds.put("path", dataset.path());
    ds.put("rows", dataset.rows());
    ds.put("train", dataset.train());
    ds.put("test", dataset.test());
    ds.put("split", dataset.split());
    root.put("dataset", ds);
    root.put("results", results());
    if (!curve.isEmpty()) {
      root.put("learningCurve", CurveTable.json(curve));
    }
    Map<String, Object> timing = new LinkedHashMap<>();
    timing.put("embedTextsPerSecond", outcome.embedTextsPerSecond());
    timing.put("triageMillisP50", triageMillisP50);
    root.put("timing", timing);
    return Json.write(root) + "\n";
  }
}
