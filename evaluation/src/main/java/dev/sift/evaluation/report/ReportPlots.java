package dev.sift.evaluation.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * report.md's SVG plots: per label field a precision–coverage curve and a reliability diagram per
 * method and a confusion matrix of the featured method's largest classes; for ETA, predicted p50
 * against actual time.
 */
final class ReportPlots {

  private static final int CURVE_POINTS = 20;
  private static final int CONFUSION_CLASSES = 10;
  private static final double MINUTES_PER_HOUR = 60.0;

  private ReportPlots() {}

  /**
   * The plots by file name, for each label field and for the ETA; {@code featured} as in {@link
   * Report}.
   */
  static Map<String, String> of(Outcome outcome, String featured) {
    Map<String, String> plots = new LinkedHashMap<>();
    outcome
        .labels()
        .forEach(
            (field, byMethod) -> {
              Map<String, List<double[]>> curves = new LinkedHashMap<>();
              Map<String, List<double[]>> reliability = new LinkedHashMap<>();
              byMethod.forEach(
                  (method, ps) -> {
                    if (!Report.BASELINES_WITHOUT_CONFIDENCE.contains(method)) {
                      curves.put(
                          method,
                          Metrics.precisionCoverageCurve(ps, CURVE_POINTS).stream()
                              .map(p -> new double[] {p.coverage(), p.precision()})
                              .toList());
                      reliability.put(
                          method,
                          Metrics.reliability(ps).stream()
                              .map(b -> new double[] {b.meanConfidence(), b.accuracy()})
                              .toList());
                    }
                  });
              plots.put(
                  field + "-precision-coverage.svg",
                  Svg.chart(
                      new Svg.Axes(
                          "Precision against coverage: " + field,
                          "coverage (most confident first)",
                          "precision",
                          0,
                          1,
                          0,
                          1,
                          false),
                      curves,
                      false,
                      false));
              plots.put(
                  field + "-reliability.svg",
                  Svg.chart(
                      new Svg.Axes(
                          "Reliability: " + field,
                          "confidence",
                          "observed accuracy",
                          0,
                          1,
                          0,
                          1,
                          false),
                      reliability,
                      false,
                      true));
              List<Metrics.Prediction> ps =
                  byMethod.getOrDefault(featuredFor(byMethod, featured), List.of());
              List<String> top =
                  Metrics.perClass(ps).stream()
                      .limit(CONFUSION_CLASSES)
                      .map(Metrics.ClassStats::value)
                      .toList();
              int[][] counts = new int[top.size()][top.size()];
              for (Metrics.Prediction p : ps) {
                int r = top.indexOf(p.truth());
                int c = p.predicted() == null ? -1 : top.indexOf(p.predicted());
                if (r >= 0 && c >= 0) {
                  counts[r][c]++;
                }
              }
              plots.put(
                  field + "-confusion.svg",
                  Svg.confusion(
                      "Confusion of the "
                          + top.size()
                          + " largest classes: "
                          + field
                          + ", "
                          + featuredFor(byMethod, featured),
                      top,
                      counts));
            });
    if (!outcome.eta().isEmpty()) {
      Map<String, List<double[]>> points = new LinkedHashMap<>();
      double max = 1;
      for (Map.Entry<String, List<EtaMetrics.EtaPrediction>> e : outcome.eta().entrySet()) {
        List<double[]> xy = new ArrayList<>();
        for (EtaMetrics.EtaPrediction p : e.getValue()) {
          double x = Math.log10(1 + p.actual() / MINUTES_PER_HOUR);
          double y = Math.log10(1 + p.p50() / MINUTES_PER_HOUR);
          max = Math.max(max, Math.max(x, y));
          xy.add(new double[] {x, y});
        }
        points.put(e.getKey(), xy);
      }
      plots.put(
          "eta-predicted-vs-actual.svg",
          Svg.chart(
              new Svg.Axes(
                  "Predicted p50 against actual, 1 + hours",
                  "actual",
                  "predicted p50",
                  0,
                  Math.ceil(max),
                  0,
                  Math.ceil(max),
                  true),
              points,
              true,
              true));
    }
    return plots;
  }

  /** {@code featured} where it ran on the field, else the field's first method. */
  static String featuredFor(Map<String, List<Metrics.Prediction>> byMethod, String featured) {
    return byMethod.containsKey(featured) ? featured : byMethod.keySet().iterator().next();
  }
}
