package dev.sift.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * McNemar's comparison of two replays of the same tickets: only the tickets exactly one of them
 * gets right say which is better. Outcomes are {@code {confidence, right (1) or wrong (0), ticket
 * key}}, as the fitter's replays give them.
 */
final class McNemar {

  private McNemar() {}

  /**
   * Whether replay {@code a} beats replay {@code b} by more than chance, on the same tickets: of
   * the tickets only one of them gets right, {@code a} must win more than one standard deviation of
   * a fair coin beyond half (McNemar's comparison of paired outcomes, one-sided at about 84%).
   */
  static boolean clearlyBetter(List<double[]> a, List<double[]> b) {
    return clearlyBetter(a, b, 1);
  }

  /** As {@link #clearlyBetter(List, List)}, by {@code sd} standard deviations of the fair coin. */
  static boolean clearlyBetter(List<double[]> a, List<double[]> b, double sd) {
    return clearlyBetter(a, b, sd, 0);
  }

  /**
   * As {@link #clearlyBetter(List, List, double)}, with {@code correction} tickets taken off {@code
   * a}'s lead first (Edwards' continuity correction of McNemar's test is 1): a small count of
   * discordant tickets then needs a clear lead, not one a coin gives often.
   */
  static boolean clearlyBetter(List<double[]> a, List<double[]> b, double sd, int correction) {
    Map<Double, Boolean> rightInB = new HashMap<>();
    for (double[] o : b) {
      rightInB.put(o[2], o[1] > 0);
    }
    int onlyA = 0;
    int onlyB = 0;
    for (double[] o : a) {
      boolean inA = o[1] > 0;
      boolean inB = rightInB.getOrDefault(o[2], false);
      onlyA += inA && !inB ? 1 : 0;
      onlyB += inB && !inA ? 1 : 0;
    }
    return onlyA - onlyB - correction > sd * Math.sqrt(onlyA + onlyB);
  }
}
