package dev.sift.engine.coldstart;

import dev.sift.engine.IsotonicCalibrator;
import dev.sift.engine.Thresholds;
import java.util.List;

/**
 * How far a cold-start score can be trusted: the calibration from raw score to probability, the cap
 * that the amount of evidence allows, and the threshold below which the field abstains.
 *
 * <p>The rules (docs/cold-start.md, "Calibration"):
 *
 * <ul>
 *   <li>Until there are {@code minCalibration} real outcomes (the replayed history and scored live
 *       suggestions) the confidence is the raw score: zero-shot's softmax, whose temperature is
 *       fitted by leave-one-out over the taxonomy's examples and the history (temperature scaling).
 *       From then on it is isotonic regression on the real outcomes. Examples never enter the
 *       isotonic fit: they are spread evenly over the entries while real tickets follow the label
 *       prior, so their hit rate says little about real tickets at the same score.
 *   <li>A confidence never exceeds {@code (n + 1) / (n + 2)}, n being the real tickets behind it
 *       (history and live outcomes; a taxonomy's own examples do not count): Laplace's rule of
 *       succession had all n been right. A bare taxonomy stays at or below 0.5, three tickets at
 *       0.8, and only from nine tickets may a confidence pass 0.9.
 *   <li>The field answers only where the 95% Wilson lower bound of the real tickets' precision at
 *       that confidence reaches the target, on at least ten answered tickets ({@link
 *       Thresholds#lowest}). Taxonomy examples never open a field: they are chosen to be typical,
 *       and their leave-one-out accuracy overstates real tickets'. A bare taxonomy, and any field
 *       with fewer than ten real outcomes, always abstains.
 * </ul>
 *
 * @param calibrator raw score to probability; null for the raw score itself
 * @param cap the highest confidence the evidence allows
 * @param threshold confidence at or above which the field answers
 * @param realOutcomes labelled real tickets (history and live) behind the calibration
 * @param accuracy share of real outcomes whose best guess was right, NaN when there are none
 */
record ColdCalibration(
    IsotonicCalibrator calibrator,
    double cap,
    double threshold,
    int realOutcomes,
    double accuracy) {

  /** The threshold of a field that never answers. */
  static final double NEVER = Thresholds.NEVER;

  /** An outcome: the raw score of the best guess and whether it was right. */
  record Outcome(double score, boolean right) {}

  static ColdCalibration fit(List<Outcome> real, int minCalibration, double target) {
    int n = real.size();
    IsotonicCalibrator calibrator = null;
    if (n >= minCalibration) {
      double[] scores = new double[n];
      boolean[] right = new boolean[n];
      for (int i = 0; i < n; i++) {
        scores[i] = real.get(i).score();
        right[i] = real.get(i).right();
      }
      calibrator = IsotonicCalibrator.fit(scores, right);
    }
    double cap = (n + 1.0) / (n + 2.0);
    ColdCalibration unthresholded =
        new ColdCalibration(
            calibrator,
            cap,
            NEVER,
            n,
            n == 0 ? Double.NaN : real.stream().filter(Outcome::right).count() / (double) n);
    double[] confidence = new double[n];
    boolean[] right = new boolean[n];
    for (int i = 0; i < n; i++) {
      confidence[i] = unthresholded.confidence(real.get(i).score());
      right[i] = real.get(i).right();
    }
    return new ColdCalibration(
        calibrator,
        cap,
        Thresholds.lowest(confidence, right, target).value(),
        n,
        unthresholded.accuracy());
  }

  /** The calibrated, capped confidence of a raw score. */
  double confidence(double score) {
    return Math.min(cap, calibrator == null ? score : calibrator.apply(score));
  }

  boolean answers(double confidence) {
    return confidence >= threshold;
  }
}
