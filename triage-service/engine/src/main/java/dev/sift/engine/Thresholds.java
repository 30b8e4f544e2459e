package dev.sift.engine;

/**
 * Where a field stops abstaining: shared by the neighbours' backtest and the cold-start backtest. A
 * threshold is chosen so that the precision it promises holds on tickets the backtest has not seen:
 * not the backtest precision itself, which a threshold fitted on the same tickets flatters, but its
 * one-sided 95% Wilson lower bound.
 */
public final class Thresholds {

  /** A threshold must rest on at least this many answered backtest tickets. */
  static final int MIN_ANSWERED = 10;

  /** Confidence that no answer can reach: the field always abstains. */
  public static final double NEVER = 1.01;

  /** z of a one-sided 95% lower confidence bound. */
  static final double Z_95_ONE_SIDED = 1.6449;

  /**
   * Steps of the bisection that inverts the normal distribution: far below any precision that
   * matters.
   */
  private static final int BISECTION_STEPS = 60;

  /**
   * Where the bisection looks for z: the confidence levels allowed (0.5 to 0.999) lie well inside.
   */
  private static final double MAX_Z = 8;

  private Thresholds() {}

  /**
   * @param value score at or above which the field answers
   * @param coverage share of backtest tickets answered at that threshold
   * @param precision share right among them
   * @param precisionLowerBound one-sided 95% Wilson lower bound of that precision; the threshold is
   *     the lowest whose bound meets the target
   */
  public record Threshold(
      double value, double coverage, double precision, double precisionLowerBound) {}

  /**
   * The lowest score at which the 95% lower bound of the answered tickets' precision reaches the
   * target; {@link #NEVER} if none does. The score is anything that orders answers from surest
   * down: a calibrated confidence, or the vote share it is calibrated from. The bound needs
   * evidence: at a target of 0.9, at least 25 answered tickets, all right, so a small backtest
   * keeps abstaining rather than promise what it cannot show.
   */
  public static Threshold lowest(double[] score, boolean[] correct, double target) {
    return lowest(score, correct, target, Z_95_ONE_SIDED);
  }

  /**
   * As {@link #lowest(double[], boolean[], double)}, with the bound's z chosen by the caller
   * ({@link #zOf}): a lower confidence level lets a small backtest answer sooner.
   */
  public static Threshold lowest(double[] score, boolean[] correct, double target, double z) {
    int n = score.length;
    Integer[] order = new Integer[n];
    java.util.Arrays.setAll(order, i -> i);
    java.util.Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
    Threshold best = new Threshold(NEVER, 0, 0, 0);
    int answered = 0;
    int right = 0;
    for (int i = 0; i < n; i++) {
      int idx = order[i];
      answered++;
      right += correct[idx] ? 1 : 0;
      boolean endOfTies = i == n - 1 || score[order[i + 1]] < score[idx];
      if (!endOfTies || answered < MIN_ANSWERED) {
        continue;
      }
      double bound = wilsonLowerBound(right, answered, z);
      if (bound >= target) {
        best = new Threshold(score[idx], answered / (double) n, right / (double) answered, bound);
      }
    }
    return best;
  }

  /**
   * One-sided 95% Wilson score lower bound of a proportion of {@code successes} in {@code trials}.
   */
  public static double wilsonLowerBound(int successes, int trials) {
    return wilsonLowerBound(successes, trials, Z_95_ONE_SIDED);
  }

  /**
   * Wilson score lower bound of a proportion at the one-sided level whose normal quantile is {@code
   * z}.
   */
  public static double wilsonLowerBound(int successes, int trials, double z) {
    if (trials == 0) {
      return 0;
    }
    double z2 = z * z;
    double p = successes / (double) trials;
    double centre = p + z2 / (2 * trials);
    double spread = z * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials));
    return Math.max(0, (centre - spread) / (1 + z2 / trials));
  }

  /**
   * The z of a one-sided lower bound at confidence level {@code confidence}: the normal quantile,
   * by bisection.
   */
  public static double zOf(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), was " + confidence);
    }
    double lo = -MAX_Z;
    double hi = MAX_Z;
    for (int i = 0; i < BISECTION_STEPS; i++) {
      double mid = (lo + hi) / 2;
      if (normalCdf(mid) < confidence) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /**
   * The standard normal distribution function, by Abramowitz and Stegun 7.1.26 (error below
   * 1.5e-7).
   */
  static double normalCdf(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.sqrt(2));
    double poly =
        t
            * (0.254829592
                + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double erf = 1 - poly * Math.exp(-x * x / 2);
    return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
  }
}
