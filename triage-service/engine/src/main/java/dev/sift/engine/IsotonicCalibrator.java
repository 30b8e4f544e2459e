package dev.sift.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps a raw score (the winning vote share) to the probability that the winning value is right: a
 * non-decreasing map interpolated linearly between knots. {@link #fit} fits it by isotonic
 * regression (pool adjacent violators) on backtest outcomes, knots at the block centres; {@link
 * #fitChosen} also fits a sigmoid in the score's log-odds (Platt scaling, sampled at knots): from
 * {@link #SIGMOID_BELOW_OUTCOMES} outcomes it keeps whichever predicts held-out outcomes better;
 * below, the sigmoid.
 *
 * @param x block centres, ascending
 * @param y calibrated probabilities at those centres, non-decreasing
 */
public record IsotonicCalibrator(double[] x, double[] y) {

  /** Pseudo-count of the overall hit rate added to each block. */
  private static final double PRIOR_TRIALS = 2;

  /** Folds of the cross-validation that chooses between isotonic and sigmoid. */
  private static final int CHOICE_FOLDS = 5;

  /**
   * Below this many outcomes a fold is too small to judge by, and a sigmoid's slope is fitted to a
   * handful of tickets; isotonic regression is kept, which on so few outcomes is little more than
   * the overall hit rate (each block is smoothed towards it by {@link #PRIOR_TRIALS}).
   */
  private static final int MIN_CHOICE_OUTCOMES = 50;

  /**
   * Below this many outcomes the sigmoid is taken without a contest, where its slope is positive:
   * isotonic regression overfits calibration sets smaller than about a thousand (Niculescu-Mizil
   * and Caruana, "Predicting good probabilities with supervised learning", 2005), and a 5-fold
   * log-loss comparison on a few hundred outcomes picks it by luck. In the suite's four draws of
   * 200 history tickets, this took the fields above 0.05 ECE from 18 of 28 to 13 of 28
   * (docs/accuracy.md).
   */
  static final int SIGMOID_BELOW_OUTCOMES = 1_000;

  /** Knots a sigmoid is sampled at, evenly over the range of scores seen. */
  private static final int SIGMOID_KNOTS = 33;

  /** Scores are clamped this far inside (0, 1) before their log-odds are taken. */
  private static final double SCORE_EPSILON = 1e-4;

  /** Probabilities are clamped this far inside (0, 1) when scoring held-out outcomes. */
  private static final double LOSS_EPSILON = 1e-3;

  /** Newton steps of the sigmoid fit: it converges in a handful. */
  private static final int NEWTON_STEPS = 25;

  /** Ridge penalty of the sigmoid fit, keeping it finite when outcomes separate perfectly. */
  private static final double RIDGE = 1e-3;

  public IsotonicCalibrator {
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException("calibrator needs matching, non-empty x and y");
    }
  }

  /** The identity map, used before a tenant has enough history to fit one. */
  public static IsotonicCalibrator identity() {
    return new IsotonicCalibrator(new double[] {0, 1}, new double[] {0, 1});
  }

  public static IsotonicCalibrator fit(double[] scores, boolean[] correct) {
    int n = scores.length;
    if (n == 0) {
      return identity();
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    List<double[]> blocks = new ArrayList<>(); // {sumX, hits, count}
    for (int idx : order) {
      double[] block = {scores[idx], correct[idx] ? 1 : 0, 1};
      blocks.add(block);
      while (blocks.size() > 1 && rate(blocks.get(blocks.size() - 2)) >= rate(blocks.getLast())) {
        double[] last = blocks.removeLast();
        double[] prev = blocks.getLast();
        prev[0] += last[0];
        prev[1] += last[1];
        prev[2] += last[2];
      }
    }
    double base = 0;
    for (boolean c : correct) {
      base += c ? 1 : 0;
    }
    base /= n;
    // Shrink each block towards the overall hit rate, so that a small block of all-correct answers
    // does not claim certainty; then pool again, weighted by block size, since shrinking can
    // reorder neighbouring blocks.
    List<double[]> smoothed = new ArrayList<>(); // {sumX, weighted y, count}
    for (double[] b : blocks) {
      double y = (b[1] + PRIOR_TRIALS * base) / (b[2] + PRIOR_TRIALS);
      smoothed.add(new double[] {b[0], y * b[2], b[2]});
      while (smoothed.size() > 1
          && rate(smoothed.get(smoothed.size() - 2)) >= rate(smoothed.getLast())) {
        double[] last = smoothed.removeLast();
        double[] prev = smoothed.getLast();
        prev[0] += last[0];
        prev[1] += last[1];
        prev[2] += last[2];
      }
    }
    double[] x = new double[smoothed.size()];
    double[] y = new double[smoothed.size()];
    for (int i = 0; i < smoothed.size(); i++) {
      double[] b = smoothed.get(i);
      x[i] = b[0] / b[2];
      // Shrinking towards the overall rate cannot help where every outcome was right.
      y[i] = Math.min(mostSure(n), b[1] / b[2]);
    }
    return new IsotonicCalibrator(x, y);
  }

  private static double rate(double[] block) {
    return block[1] / block[2];
  }

  public double apply(double score) {
    if (score <= x[0]) {
      return y[0];
    }
    if (score >= x[x.length - 1]) {
      return y[y.length - 1];
    }
    int hi = Arrays.binarySearch(x, score);
    if (hi >= 0) {
      return y[hi];
    }
    hi = -hi - 1;
    int lo = hi - 1;
    double t = (score - x[lo]) / (x[hi] - x[lo]);
    return y[lo] + t * (y[hi] - y[lo]);
  }

  /**
   * From {@value #SIGMOID_BELOW_OUTCOMES} outcomes, isotonic or sigmoid, whichever has the lower
   * log-loss on held-out outcomes in a {@value #CHOICE_FOLDS}-fold cross-validation; below, the
   * sigmoid. Isotonic regression follows any monotone shape but overfits a few hundred outcomes in
   * steps; a sigmoid has two parameters and smooths them, and wins where outcomes are few or the
   * shape is simple.
   */
  public static IsotonicCalibrator fitChosen(double[] scores, boolean[] correct) {
    int n = scores.length;
    if (n < MIN_CHOICE_OUTCOMES) {
      return fit(scores, correct);
    }
    if (n < SIGMOID_BELOW_OUTCOMES) {
      IsotonicCalibrator sigmoid = sigmoid(scores, correct);
      return sigmoid != null ? sigmoid : fit(scores, correct);
    }
    double isotonicLoss = 0;
    double sigmoidLoss = 0;
    for (int fold = 0; fold < CHOICE_FOLDS; fold++) {
      int held = 0;
      for (int i = 0; i < n; i++) {
        held += i % CHOICE_FOLDS == fold ? 1 : 0;
      }
      double[] trainX = new double[n - held];
      boolean[] trainY = new boolean[n - held];
      int t = 0;
      for (int i = 0; i < n; i++) {
        if (i % CHOICE_FOLDS != fold) {
          trainX[t] = scores[i];
          trainY[t++] = correct[i];
        }
      }
      IsotonicCalibrator isotonic = fit(trainX, trainY);
      IsotonicCalibrator sigmoid = sigmoid(trainX, trainY);
      for (int i = fold; i < n; i += CHOICE_FOLDS) {
        isotonicLoss += logLoss(isotonic.apply(scores[i]), correct[i]);
        sigmoidLoss +=
            sigmoid == null
                ? Double.POSITIVE_INFINITY
                : logLoss(sigmoid.apply(scores[i]), correct[i]);
      }
    }
    IsotonicCalibrator sigmoid = sigmoidLoss < isotonicLoss ? sigmoid(scores, correct) : null;
    return sigmoid != null ? sigmoid : fit(scores, correct);
  }

  /**
   * Platt scaling on the score's log-odds, {@code 1 / (1 + exp(-(a * logit(score) + b)))}, fitted
   * by Newton's method and sampled at {@value #SIGMOID_KNOTS} knots; null where the fitted slope is
   * not positive (a higher score would mean a lower probability, which no calibration of a vote
   * share should say).
   */
  static IsotonicCalibrator sigmoid(double[] scores, boolean[] correct) {
    int n = scores.length;
    double[] z = new double[n];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      z[i] = logit(scores[i]);
      lo = Math.min(lo, scores[i]);
      hi = Math.max(hi, scores[i]);
    }
    double a = 1;
    double b = 0;
    for (int step = 0; step < NEWTON_STEPS; step++) {
      double ga = RIDGE * a;
      double gb = RIDGE * b;
      double haa = RIDGE;
      double hab = 0;
      double hbb = RIDGE;
      for (int i = 0; i < n; i++) {
        double p = 1 / (1 + Math.exp(-(a * z[i] + b)));
        double r = p - (correct[i] ? 1 : 0);
        double w = p * (1 - p);
        ga += r * z[i];
        gb += r;
        haa += w * z[i] * z[i];
        hab += w * z[i];
        hbb += w;
      }
      double det = haa * hbb - hab * hab;
      if (det <= 0) {
        break;
      }
      a -= (hbb * ga - hab * gb) / det;
      b -= (haa * gb - hab * ga) / det;
    }
    if (!(a > 0) || !Double.isFinite(b)) {
      return null;
    }
    int knots = hi > lo ? SIGMOID_KNOTS : 1;
    double[] x = new double[knots];
    double[] y = new double[knots];
    for (int k = 0; k < knots; k++) {
      x[k] = knots == 1 ? lo : lo + (hi - lo) * k / (knots - 1);
      y[k] = Math.min(mostSure(n), 1 / (1 + Math.exp(-(a * logit(x[k]) + b))));
    }
    return new IsotonicCalibrator(x, y);
  }

  /**
   * The surest a calibration fitted on {@code n} outcomes may be: n outcomes all right give (n + 1)
   * / (n + 2) by the rule of succession. A sigmoid fitted where outcomes separate climbs to 1 at
   * the top of the scores, isotonic regression says 1 where every outcome was right (the demo
   * tenant's category), and a tenant's few hundred backtest tickets cannot show 0.9995.
   */
  static double mostSure(int n) {
    return (n + 1.0) / (n + 2.0);
  }

  private static double logit(double score) {
    double s = Math.min(1 - SCORE_EPSILON, Math.max(SCORE_EPSILON, score));
    return Math.log(s / (1 - s));
  }

  private static double logLoss(double p, boolean correct) {
    double q = Math.min(1 - LOSS_EPSILON, Math.max(LOSS_EPSILON, p));
    return -Math.log(correct ? q : 1 - q);
  }
}
