package dev.sift.evaluation;

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

  /** One test prediction: the predicted value (never null for a scored prediction), its confidence, the truth. */
  public record Prediction(String predicted, double confidence, boolean abstained, String truth) {
    boolean correct() {
      return predicted != null && predicted.equals(truth);
    }
  }

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

  /** The largest share of predictions that can be answered, most confident first, at the given precision. */
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

  public static double abstainRate(List<Prediction> ps) {
    return ps.isEmpty() ? 0 : ps.stream().filter(Prediction::abstained).count() / (double) ps.size();
  }

  /** Precision of the answers that were not abstained. */
  public static double answeredPrecision(List<Prediction> ps) {
    List<Prediction> answered = ps.stream().filter(p -> !p.abstained()).toList();
    return accuracy(answered);
  }

  /** Expected calibration error over ten equal-width confidence bins. */
  public static double expectedCalibrationError(List<Prediction> ps) {
    double[] conf = new double[CALIBRATION_BINS];
    double[] hits = new double[CALIBRATION_BINS];
    int[] n = new int[CALIBRATION_BINS];
    for (Prediction p : ps) {
      int b = Math.min(CALIBRATION_BINS - 1, (int) (p.confidence() * CALIBRATION_BINS));
      conf[b] += p.confidence();
      hits[b] += p.correct() ? 1 : 0;
      n[b]++;
    }
    double ece = 0;
    for (int b = 0; b < CALIBRATION_BINS; b++) {
      if (n[b] > 0) {
        ece += Math.abs(hits[b] / n[b] - conf[b] / n[b]) * n[b] / ps.size();
      }
    }
    return ece;
  }

  private static Prediction[] byConfidence(List<Prediction> ps) {
    Prediction[] sorted = ps.toArray(new Prediction[0]);
    Arrays.sort(sorted, Comparator.comparingDouble(Prediction::confidence).reversed());
    return sorted;
  }
}
