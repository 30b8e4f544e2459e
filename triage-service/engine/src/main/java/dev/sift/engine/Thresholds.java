package dev.sift.engine;

/** Where a field stops abstaining: shared by the neighbours' backtest and the cold-start backtest. */
public final class Thresholds {

  /** A threshold must rest on at least this many answered backtest tickets. */
  static final int MIN_ANSWERED = 10;
  /** Confidence that no answer can reach: the field always abstains. */
  public static final double NEVER = 1.01;

  private Thresholds() {}

  /**
   * @param value confidence at or above which the field answers
   * @param coverage share of backtest tickets answered at that threshold
   * @param precision share right among them
   */
  public record Threshold(double value, double coverage, double precision) {}

  /** The lowest confidence at which the answered tickets reach the target precision; {@link #NEVER} if none. */
  public static Threshold lowest(double[] confidence, boolean[] correct, double target) {
    int n = confidence.length;
    Integer[] order = new Integer[n];
    java.util.Arrays.setAll(order, i -> i);
    java.util.Arrays.sort(order, (a, b) -> Double.compare(confidence[b], confidence[a]));
    Threshold best = new Threshold(NEVER, 0, 0);
    int answered = 0;
    int right = 0;
    for (int i = 0; i < n; i++) {
      int idx = order[i];
      answered++;
      right += correct[idx] ? 1 : 0;
      boolean endOfTies = i == n - 1 || confidence[order[i + 1]] < confidence[idx];
      double precision = right / (double) answered;
      if (endOfTies && answered >= MIN_ANSWERED && precision >= target) {
        best = new Threshold(confidence[idx], answered / (double) n, precision);
      }
    }
    return best;
  }
}
