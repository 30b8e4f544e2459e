package dev.sift.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The backtest's outputs: the summary table on stdout, {@code report.json} (a contract scripts depend on),
 * {@code report.md} with its SVG plots, and a self-contained {@code report.html}.
 */
final class Report {

  private static final double TARGET_PRECISION = 0.9;
  private static final int CURVE_POINTS = 20;
  private static final int CONFUSION_CLASSES = 10;
  private static final double MINUTES_PER_HOUR = 60.0;
  private static final List<String> BASELINES_WITHOUT_CONFIDENCE = List.of("majority");

  /** What was run on which data. */
  record Dataset(String path, long rows, int train, int test, String split) {}

  private final Dataset dataset;
  private final Evaluation.Outcome outcome;
  private final double triageMillisP50;
  private final String featured;
  private final List<LearningCurve.Point> curve;

  /**
   * @param outcome the run over the largest history; the reports' tables, plots and per-class figures show it
   * @param featured the method whose per-class table and confusion matrix are shown (Sift's default if run)
   * @param curve one run per history size for the learning curve, or empty
   */
  Report(Dataset dataset, Evaluation.Outcome outcome, double triageMillisP50, String featured,
      List<LearningCurve.Point> curve) {
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

  static Map<String, Map<String, Map<String, Double>>> results(Evaluation.Outcome outcome) {
    Map<String, Map<String, Map<String, Double>>> results = new LinkedHashMap<>();
    outcome.labels().forEach((field, byMethod) -> byMethod.forEach((method, ps) ->
        results.computeIfAbsent(field, k -> new LinkedHashMap<>()).put(method, labelMetrics(method, ps))));
    outcome.eta().forEach((method, ps) ->
        results.computeIfAbsent("eta", k -> new LinkedHashMap<>()).put(method, etaMetrics(ps)));
    return results;
  }

  static Map<String, Double> labelMetrics(String method, List<Metrics.Prediction> ps) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", Metrics.accuracy(ps));
    m.put("accuracyStandardError", Metrics.standardError(Metrics.accuracy(ps), ps.size()));
    // The operating point Sift really uses: its own abstention; methods that never abstain answer everything.
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
    return m;
  }

  static Map<String, Double> etaMetrics(List<Metrics.EtaPrediction> ps) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("medianAbsErrorHours", Metrics.medianAbsErrorHours(ps));
    m.put("maeLogHours", Metrics.maeLogHours(ps));
    m.put("maeLogHoursStandardError", Metrics.maeLogHoursStandardError(ps));
    if (!ps.isEmpty() && ps.stream().noneMatch(p -> Double.isNaN(p.p90()))) {
      m.put("p90IntervalCoverage", Metrics.p90IntervalCoverage(ps));
      m.put("p90IntervalWidthHours", Metrics.p90IntervalWidthHours(ps));
    }
    return m;
  }

  void printSummary(PrintStream out) {
    out.printf(Locale.ROOT, "data %s: %d rows; split %s: %d history, %d test%n", dataset.path(), dataset.rows(),
        dataset.split(), dataset.train(), dataset.test());
    if (!outcome.labels().isEmpty()) {
      out.printf(Locale.ROOT, "%-16s %-16s %6s %7s %7s %7s %7s %7s %7s %7s %7s %6s%n", "field", "method", "acc",
          "macroF1", "top3", "cov@p90", "p@50%", "p@80%", "abstain", "ansPrec", "ECE", "n");
      outcome.labels().forEach((field, byMethod) -> byMethod.forEach((method, ps) ->
          out.printf(Locale.ROOT, "%-16s %-16s %6.3f %7.3f %7.3f %7s %7s %7s %7s %7.3f %7s %6d%n", field, method,
              Metrics.accuracy(ps), Metrics.macroF1(ps), Metrics.topKAccuracy(ps, 3),
              cell(method, Metrics.coverageAtPrecision(ps, TARGET_PRECISION)),
              cell(method, Metrics.precisionAtCoverage(ps, 0.5)), cell(method, Metrics.precisionAtCoverage(ps, 0.8)),
              cell(method, Metrics.abstainRate(ps)), Metrics.precisionWhenAnswering(ps),
              cell(method, Metrics.expectedCalibrationError(ps)), ps.size())));
    }
    if (!outcome.eta().isEmpty()) {
      out.printf(Locale.ROOT, "%-16s %-16s %10s %12s %10s %12s %6s%n", "field", "method", "medAE h", "MAE ln(1+h)",
          "p90 cover", "p90-p50 h", "n");
      outcome.eta().forEach((method, ps) -> {
        Map<String, Double> m = etaMetrics(ps);
        out.printf(Locale.ROOT, "%-16s %-16s %10.1f %12.3f %10s %12s %6d%n", "eta", method,
            m.get("medianAbsErrorHours"), m.get("maeLogHours"), cell(m, "p90IntervalCoverage", "%.3f"),
            cell(m, "p90IntervalWidthHours", "%.0f"), ps.size());
      });
    }
    out.printf(Locale.ROOT, "embedding %.0f texts/s, triage p50 %.2f ms%n", outcome.embedTextsPerSecond(),
        triageMillisP50);
  }

  private static String cell(Map<String, Double> metrics, String name, String format) {
    return metrics.containsKey(name) ? String.format(Locale.ROOT, format, metrics.get(name)) : "-";
  }

  private static String cell(String method, double v) {
    return BASELINES_WITHOUT_CONFIDENCE.contains(method) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.json"), json(), StandardCharsets.UTF_8);
    Map<String, String> plots = plots();
    for (Map.Entry<String, String> p : plots.entrySet()) {
      Files.writeString(dir.resolve(p.getKey()), p.getValue(), StandardCharsets.UTF_8);
    }
    Files.writeString(dir.resolve("report.md"), markdown(plots), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("report.html"), html(plots), StandardCharsets.UTF_8);
  }

  String json() {
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
      root.put("learningCurve", LearningCurve.json(curve));
    }
    Map<String, Object> timing = new LinkedHashMap<>();
    timing.put("embedTextsPerSecond", outcome.embedTextsPerSecond());
    timing.put("triageMillisP50", triageMillisP50);
    root.put("timing", timing);
    return Json.write(root) + "\n";
  }

  private Map<String, String> plots() {
    Map<String, String> plots = new LinkedHashMap<>();
    outcome.labels().forEach((field, byMethod) -> {
      Map<String, List<double[]>> curves = new LinkedHashMap<>();
      Map<String, List<double[]>> reliability = new LinkedHashMap<>();
      byMethod.forEach((method, ps) -> {
        if (!BASELINES_WITHOUT_CONFIDENCE.contains(method)) {
          curves.put(method, Metrics.precisionCoverageCurve(ps, CURVE_POINTS).stream()
              .map(p -> new double[] {p.coverage(), p.precision()}).toList());
          reliability.put(method, Metrics.reliability(ps).stream()
              .map(b -> new double[] {b.meanConfidence(), b.accuracy()}).toList());
        }
      });
      plots.put(field + "-precision-coverage.svg", Svg.chart(new Svg.Axes("Precision against coverage: " + field,
          "coverage (most confident first)", "precision", 0, 1, 0, 1, false), curves, false, false));
      plots.put(field + "-reliability.svg", Svg.chart(new Svg.Axes("Reliability: " + field, "confidence",
          "observed accuracy", 0, 1, 0, 1, false), reliability, false, true));
      List<Metrics.Prediction> ps = byMethod.getOrDefault(featuredFor(byMethod), List.of());
      List<String> top = Metrics.perClass(ps).stream().limit(CONFUSION_CLASSES).map(Metrics.ClassStats::value)
          .toList();
      int[][] counts = new int[top.size()][top.size()];
      for (Metrics.Prediction p : ps) {
        int r = top.indexOf(p.truth());
        int c = p.predicted() == null ? -1 : top.indexOf(p.predicted());
        if (r >= 0 && c >= 0) {
          counts[r][c]++;
        }
      }
      plots.put(field + "-confusion.svg", Svg.confusion("Confusion of the " + top.size() + " largest classes: "
          + field + ", " + featuredFor(byMethod), top, counts));
    });
    if (!outcome.eta().isEmpty()) {
      Map<String, List<double[]>> points = new LinkedHashMap<>();
      double max = 1;
      for (Map.Entry<String, List<Metrics.EtaPrediction>> e : outcome.eta().entrySet()) {
        List<double[]> xy = new ArrayList<>();
        for (Metrics.EtaPrediction p : e.getValue()) {
          double x = Math.log10(1 + p.actual() / MINUTES_PER_HOUR);
          double y = Math.log10(1 + p.p50() / MINUTES_PER_HOUR);
          max = Math.max(max, Math.max(x, y));
          xy.add(new double[] {x, y});
        }
        points.put(e.getKey(), xy);
      }
      plots.put("eta-predicted-vs-actual.svg", Svg.chart(new Svg.Axes("Predicted p50 against actual, 1 + hours",
          "actual", "predicted p50", 0, Math.ceil(max), 0, Math.ceil(max), true), points, true, true));
    }
    return plots;
  }

  private String featuredFor(Map<String, List<Metrics.Prediction>> byMethod) {
    return byMethod.containsKey(featured) ? featured : byMethod.keySet().iterator().next();
  }

  private String markdown(Map<String, String> plots) {
    StringBuilder md = new StringBuilder("# Backtest report\n\n");
    md.append(String.format(Locale.ROOT, "Data `%s`: %d rows; split `%s`: %d history, %d test tickets. "
        + "Triage p50 %.2f ms; embedding %.0f texts/s.%n%n", dataset.path(), dataset.rows(), dataset.split(),
        dataset.train(), dataset.test(), triageMillisP50, outcome.embedTextsPerSecond()));
    if (!curve.isEmpty()) {
      md.append(LearningCurve.markdown(curve));
    }
    results().forEach((field, byMethod) -> {
      md.append("## ").append(field).append("\n\n");
      List<String> columns = new ArrayList<>();
      byMethod.values().forEach(m -> m.keySet().forEach(k -> {
        if (!columns.contains(k)) {
          columns.add(k);
        }
      }));
      md.append("| method | ").append(String.join(" | ", columns)).append(" |\n|---|")
          .append("---|".repeat(columns.size())).append("\n");
      byMethod.forEach((method, m) -> {
        md.append("| ").append(method).append(" |");
        columns.forEach(c -> md.append(' ').append(m.containsKey(c)
            ? String.format(Locale.ROOT, "%.3f", m.get(c)) : "–").append(" |"));
        md.append('\n');
      });
      md.append('\n');
      plots.keySet().stream().filter(p -> p.startsWith(field + "-")).forEach(p ->
          md.append("![").append(p).append("](").append(p).append(")\n\n"));
      if (outcome.labels().containsKey(field)) {
        String method = featuredFor(outcome.labels().get(field));
        md.append("### Per class, ").append(method).append("\n\n| class | support | predicted | precision | recall |\n"
            + "|---|---|---|---|---|\n");
        Metrics.perClass(outcome.labels().get(field).get(method)).forEach(c -> md.append(String.format(Locale.ROOT,
            "| %s | %d | %d | %.3f | %.3f |%n", c.value().replace("|", "\\|"), c.support(), c.predicted(),
            c.precision(), c.recall())));
        md.append('\n');
      }
    });
    return md.toString();
  }

  private String html(Map<String, String> plots) {
    String body = markdownToHtml(markdown(plots), plots);
    return "<!doctype html>\n<html><head><meta charset='utf-8'><title>Sift backtest report</title><style>"
        + "body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em}"
        + "table{border-collapse:collapse;max-width:100%}"
        + "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child{text-align:left}"
        + "th{vertical-align:bottom;font-size:90%}"
        + "</style></head><body>\n" + body + "</body></html>\n";
  }

  /**
   * A metric's key as words ("expectedCalibrationError" to "expected calibration error", "p90IntervalCoverage" to
   * "p90 interval coverage"), so that a column heading can wrap and the table fits the page.
   */
  static String words(String key) {
    return key.replaceAll("([a-z])([A-Z])", "$1 $2").replaceAll("([a-z]{2})([0-9])", "$1 $2")
        .replaceAll("([0-9])([A-Za-z])", "$1 $2").toLowerCase(Locale.ROOT);
  }

  /** Just enough Markdown for our own report: headings, tables, paragraphs; images become the inline SVG. */
  private static String markdownToHtml(String md, Map<String, String> plots) {
    StringBuilder h = new StringBuilder();
    boolean inTable = false;
    for (String line : md.split("\n")) {
      if (line.startsWith("|")) {
        if (line.startsWith("|---")) {
          continue;
        }
        String tag = inTable ? "td" : "th";
        if (!inTable) {
          h.append("<table>\n");
          inTable = true;
        }
        h.append("<tr>");
        for (String cell : line.substring(1, line.length() - 1).split(" \\| |\\|", -1)) {
          String text = cell.trim().replace("\\", "");
          h.append('<').append(tag).append('>').append(Svg.esc(tag.equals("th") ? words(text) : text)).append("</")
              .append(tag).append('>');
        }
        h.append("</tr>\n");
        continue;
      }
      if (inTable) {
        h.append("</table>\n");
        inTable = false;
      }
      if (line.startsWith("![")) {
        String name = line.substring(2, line.indexOf(']'));
        h.append("<div>").append(plots.get(name)).append("</div>\n");
      } else if (line.startsWith("#")) {
        int level = line.indexOf(' ');
        h.append("<h").append(level).append('>').append(Svg.esc(line.substring(level + 1))).append("</h")
            .append(level).append(">\n");
      } else if (!line.isBlank()) {
        h.append("<p>").append(Svg.esc(line).replace("`", "")).append("</p>\n");
      }
    }
    if (inTable) {
      h.append("</table>\n");
    }
    return h.toString();
  }
}
