package dev.sift.engine;

/**
 * Where a field stops abstaining: shared by the neighbours' backtest and the cold-start backtest. A threshold is
 * chosen so that the precision it promises holds on tickets the backtest has not seen: not the backtest precision
 * itself, which a threshold fitted on the same tickets flatters, but its one-sided 95% Wilson lower bound.
 */
public final class Thresholds {

  /** A threshold must rest on at least this many answered backtest tickets. */
  static final int MIN_ANSWERED = 10;
  /** Confidence that no answer can reach: the field always abstains. */
  public static final double NEVER = 1.01;
  /** z of a one-sided 95% lower confidence bound. */
  static final double Z_95_ONE_SIDED = 1.6449;

  private Thresholds() {}

  /**
   * @param value score at or above which the field answers
   * @param coverage share of backtest tickets answered at that threshold
   * @param precision share right among them
   * @param precisionLowerBound one-sided 95% Wilson lower bound of that precision; the threshold is the lowest whose
   *     bound meets the target
   */
  public record Threshold(double value, double coverage, double precision, double precisionLowerBound) {}

  /**
   * The lowest score at which the 95% lower bound of the answered tickets' precision reaches the target;
   * {@link #NEVER} if none does. The score is anything that orders answers from surest down: a calibrated
   * confidence, or the vote share it is calibrated from. The bound needs evidence: at a target of 0.9, at least 25
   * answered tickets, all right, so a small backtest keeps abstaining rather than promise what it cannot show.
   */
  public static Threshold lowest(double[] score, boolean[] correct, double target) {
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
      double bound = wilsonLowerBound(right, answered);
      if (bound >= target) {
        best = new Threshold(score[idx], answered / (double) n, right / (double) answered, bound);
      }
    }
    return best;
  }

  /** One-sided 95% Wilson score lower bound of a proportion of {@code successes} in {@code trials}. */
  public static double wilsonLowerBound(int successes, int trials) {
    if (trials == 0) {
      return 0;
    }
    double z2 = Z_95_ONE_SIDED * Z_95_ONE_SIDED;
    double p = successes / (double) trials;
    double centre = p + z2 / (2 * trials);
    double spread = Z_95_ONE_SIDED * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials));
    return Math.max(0, (centre - spread) / (1 + z2 / trials));
  }
}
