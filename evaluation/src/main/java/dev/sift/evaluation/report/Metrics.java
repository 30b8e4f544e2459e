package dev.sift.evaluation.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Classification metrics over scored predictions. */
public final class Metrics {

  private static final int CALIBRATION_BINS = 10;

  /** Redraws of the outcomes in the consistency resampling: a stable 95th percentile, in ms. */
  private static final int CONSISTENCY_DRAWS = 1000;

  private static final double CONSISTENCY_QUANTILE = 0.95;

  /** Fixed, so that a report's figures are the same on every run. */
  private static final long CONSISTENCY_SEED = 42;

  /** The two-sided 95% normal quantile. */
  private static final double Z95 = 1.959963984540054;

  /**
   * One test prediction: the predicted value (the top suggestion, also when the field abstained;
   * null when the method had nothing to say), its confidence, whether it abstained, the truth, and
   * the values ranked best first (the predicted value leads when there is one).
   */
  public record Prediction(
      String predicted, double confidence, boolean abstained, String truth, List<String> ranked) {

    public Prediction {
      ranked =
          ranked == null
              ? (predicted == null ? List.of() : List.of(predicted))
              : List.copyOf(ranked);
    }

    public Prediction(String predicted, double confidence, boolean abstained, String truth) {
      this(predicted, confidence, abstained, truth, null);
    }

    boolean correct() {
      return predicted != null && predicted.equals(truth);
    }
  }

  /** Support, precision and recall of one class. */
  public record ClassStats(
      String value, int support, int predicted, double precision, double recall) {}

  /** One bin of a reliability diagram. */
  public record Bin(double meanConfidence, double accuracy, int count) {}

  /**
   * One point of a precision–coverage curve: answering the most confident {@code coverage} share.
   */
  public record CurvePoint(double coverage, double precision) {}

  private Metrics() {}

  public static double accuracy(List<Prediction> ps) {
    return ps.isEmpty() ? 0 : ps.stream().filter(Prediction::correct).count() / (double) ps.size();
  }

  /** Macro-averaged F1 over the classes present in the truth. */
  public static double macroF1(List<Prediction> ps) {
    Map<String, int[]> counts = new HashMap<>(); // tp, fp, fn
    Set<String> classes = new HashSet<>();
    for (Prediction p : ps) {
      classes.add(p.truth());
      if (p.correct()) {
        counts.computeIfAbsent(p.truth(), k -> new int[3])[0]++;
      } else {
        counts.computeIfAbsent(p.truth(), k -> new int[3])[2]++;
        if (p.predicted() != null) {
          counts.computeIfAbsent(p.predicted(), k -> new int[3])[1]++;
        }
      }
    }
    double sum = 0;
    for (String c : classes) {
      int[] n = counts.getOrDefault(c, new int[3]);
      double precision = n[0] + n[1] == 0 ? 0 : n[0] / (double) (n[0] + n[1]);
      double recall = n[0] + n[2] == 0 ? 0 : n[0] / (double) (n[0] + n[2]);
      sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
    return classes.isEmpty() ? 0 : sum / classes.size();
  }

  /** Precision over the most confident {@code coverage} share of predictions. */
  public static double precisionAtCoverage(List<Prediction> ps, double coverage) {
    Prediction[] sorted = byConfidence(ps);
    int n = (int) Math.ceil(sorted.length * coverage);
    if (n == 0) {
      return 0;
    }
    int right = 0;
    for (int i = 0; i < n; i++) {
      right += sorted[i].correct() ? 1 : 0;
    }
    return right / (double) n;
  }

  /**
   * The largest share of predictions that can be answered, most confident first, at the given
   * precision.
   */
  public static double coverageAtPrecision(List<Prediction> ps, double precision) {
    Prediction[] sorted = byConfidence(ps);
    int right = 0;
    int best = 0;
    for (int i = 0; i < sorted.length; i++) {
      right += sorted[i].correct() ? 1 : 0;
      if (right / (double) (i + 1) >= precision) {
        best = i + 1;
      }
    }
    return sorted.length == 0 ? 0 : best / (double) sorted.length;
  }

  /** Share of predictions whose truth is among the three best-ranked values. */
  public static double topKAccuracy(List<Prediction> ps, int k) {
    return ps.isEmpty()
        ? 0
        : ps.stream()
                .filter(
                    p -> p.ranked().subList(0, Math.min(k, p.ranked().size())).contains(p.truth()))
                .count()
            / (double) ps.size();
  }

  /**
   * Per class of the truth or the predictions: support, precision and recall; largest support
   * first.
   */
  public static List<ClassStats> perClass(List<Prediction> ps) {
    Map<String, int[]> n = new HashMap<>(); // support, predicted, correct
    for (Prediction p : ps) {
      n.computeIfAbsent(p.truth(), k -> new int[3])[0]++;
      if (p.predicted() != null) {
        n.computeIfAbsent(p.predicted(), k -> new int[3])[1]++;
      }
      if (p.correct()) {
        n.get(p.truth())[2]++;
      }
    }
    return n.entrySet().stream()
        .map(
            e ->
                new ClassStats(
                    e.getKey(),
                    e.getValue()[0],
                    e.getValue()[1],
                    e.getValue()[1] == 0 ? 0 : e.getValue()[2] / (double) e.getValue()[1],
                    e.getValue()[0] == 0 ? 0 : e.getValue()[2] / (double) e.getValue()[0]))
        .sorted(
            Comparator.comparingInt(ClassStats::support)
                .reversed()
                .thenComparing(ClassStats::value))
        .toList();
  }

  /** Reliability diagram over ten equal-width confidence bins; empty bins are left out. */
  public static List<Bin> reliability(List<Prediction> ps) {
    double[] conf = new double[CALIBRATION_BINS];
    int[] hits = new int[CALIBRATION_BINS];
    int[] n = new int[CALIBRATION_BINS];
    for (Prediction p : ps) {
      int b = bin(p.confidence());
      conf[b] += p.confidence();
      hits[b] += p.correct() ? 1 : 0;
      n[b]++;
    }
    List<Bin> bins = new java.util.ArrayList<>();
    for (int b = 0; b < CALIBRATION_BINS; b++) {
      if (n[b] > 0) {
        bins.add(new Bin(conf[b] / n[b], hits[b] / (double) n[b], n[b]));
      }
    }
    return bins;
  }

  /** Precision at each coverage, most confident first, sampled at {@code points} even steps. */
  public static List<CurvePoint> precisionCoverageCurve(List<Prediction> ps, int points) {
    List<CurvePoint> curve = new java.util.ArrayList<>();
    for (int i = 1; i <= points; i++) {
      double coverage = i / (double) points;
      curve.add(new CurvePoint(coverage, precisionAtCoverage(ps, coverage)));
    }
    return curve;
  }

  /** The median, averaging the middle pair of an even count; 0 when empty. */
  public static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  /** The q-quantile by the nearest rank. */
  public static double quantile(double[] values, double q) {
    if (values.length == 0) {
      return 0;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    return v[Math.min(v.length - 1, Math.max(0, (int) Math.ceil(q * v.length) - 1))];
  }

  public static double abstainRate(List<Prediction> ps) {
    return ps.isEmpty()
        ? 0
        : ps.stream().filter(Prediction::abstained).count() / (double) ps.size();
  }

  /** Share of predictions answered, that is not abstained: the operating point's coverage. */
  public static double coverage(List<Prediction> ps) {
    return ps.isEmpty() ? 0 : 1 - abstainRate(ps);
  }

  /** Precision of the answers that were not abstained; NaN when nothing was answered. */
  public static double precisionWhenAnswering(List<Prediction> ps) {
    List<Prediction> answered = ps.stream().filter(p -> !p.abstained()).toList();
    return answered.isEmpty() ? Double.NaN : accuracy(answered);
  }

  /** The 95% Wilson lower bound of {@link #precisionWhenAnswering}; 0 when nothing was answered. */
  public static double precisionWhenAnsweringLower95(List<Prediction> ps) {
    List<Prediction> answered = ps.stream().filter(p -> !p.abstained()).toList();
    return wilsonLower95(answered.stream().filter(Prediction::correct).count(), answered.size());
  }

  /**
   * The lower end of the 95% Wilson score interval of a proportion {@code successes / n}: the
   * precision an operating point can promise on unseen tickets, not only on the ones measured. 0
   * for {@code n = 0}.
   */
  public static double wilsonLower95(long successes, long n) {
    if (n == 0) {
      return 0;
    }
    double p = successes / (double) n;
    double z2 = Z95 * Z95;
    double centre = p + z2 / (2 * n);
    double spread = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return Math.max(0, (centre - spread) / (1 + z2 / n));
  }

  /** The standard error of a proportion {@code p} measured on {@code n} tickets. */
  public static double standardError(double p, int n) {
    return n == 0 ? Double.NaN : Math.sqrt(p * (1 - p) / n);
  }

  /** Expected calibration error over the reliability diagram's ten equal-width confidence bins. */
  public static double expectedCalibrationError(List<Prediction> ps) {
    double ece = 0;
    for (Bin b : reliability(ps)) {
      ece += Math.abs(b.accuracy() - b.meanConfidence()) * b.count() / ps.size();
    }
    return ece;
  }

  /**
   * The ECE that perfectly calibrated confidences would still show on these tickets, at its 95th
   * percentile: outcomes are redrawn as if each ticket were right with exactly its stated
   * confidence (consistency resampling, Bröcker and Smith 2007), and the ECE of each redraw taken.
   * On a few hundred tickets ten bins hold so few that sampling noise alone gives an ECE of 0.05 or
   * more; a measured ECE below this figure is no evidence of miscalibration.
   */
  public static double expectedCalibrationErrorIfCalibrated95(List<Prediction> ps) {
    if (ps.isEmpty()) {
      return 0;
    }
    java.util.Random random = new java.util.Random(CONSISTENCY_SEED);
    double[] eces = new double[CONSISTENCY_DRAWS];
    double[] conf = new double[CALIBRATION_BINS];
    int[] hits = new int[CALIBRATION_BINS];
    int[] n = new int[CALIBRATION_BINS];
    for (int d = 0; d < CONSISTENCY_DRAWS; d++) {
      Arrays.fill(conf, 0);
      Arrays.fill(hits, 0);
      Arrays.fill(n, 0);
      for (Prediction p : ps) {
        int b = bin(p.confidence());
        conf[b] += p.confidence();
        hits[b] += random.nextDouble() < p.confidence() ? 1 : 0;
        n[b]++;
      }
      double ece = 0;
      for (int b = 0; b < CALIBRATION_BINS; b++) {
        ece += n[b] == 0 ? 0 : Math.abs(hits[b] - conf[b]) / ps.size();
      }
      eces[d] = ece;
    }
    return quantile(eces, CONSISTENCY_QUANTILE);
  }

  private static int bin(double confidence) {
    return Math.max(0, Math.min(CALIBRATION_BINS - 1, (int) (confidence * CALIBRATION_BINS)));
  }

  private static Prediction[] byConfidence(List<Prediction> ps) {
    Prediction[] sorted = ps.toArray(new Prediction[0]);
    Arrays.sort(sorted, Comparator.comparingDouble(Prediction::confidence).reversed());
    return sorted;
  }
}
