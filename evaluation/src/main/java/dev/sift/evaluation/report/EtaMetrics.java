package dev.sift.evaluation.report;

import java.util.Arrays;
import java.util.List;

/** Error and interval metrics of resolution-time (ETA) predictions. */
public final class EtaMetrics {

  private static final double MINUTES_PER_HOUR = 60.0;

  /**
   * One ETA on a resolved test ticket, in minutes; {@code p90} is NaN for methods that give no
   * interval.
   */
  public record EtaPrediction(double p50, double p90, double actual) {}

  private EtaMetrics() {}

  /** Median of |p50 - actual| in hours. */
  public static double medianAbsErrorHours(List<EtaPrediction> ps) {
    return Metrics.median(
        ps.stream().mapToDouble(p -> Math.abs(p.p50() - p.actual()) / MINUTES_PER_HOUR).toArray());
  }

  /**
   * Mean of |ln(1 + predicted hours) - ln(1 + actual hours)|: an error relative to the ticket's own
   * scale.
   */
  public static double maeLogHours(List<EtaPrediction> ps) {
    return Arrays.stream(logErrors(ps)).average().orElse(0);
  }

  /**
   * The standard error of {@link #maeLogHours}: the spread of the per-ticket log errors over the
   * root of n.
   */
  public static double maeLogHoursStandardError(List<EtaPrediction> ps) {
    double[] e = logErrors(ps);
    if (e.length < 2) {
      return Double.NaN;
    }
    double mean = Arrays.stream(e).average().orElse(0);
    double var = Arrays.stream(e).map(x -> (x - mean) * (x - mean)).sum() / (e.length - 1);
    return Math.sqrt(var / e.length);
  }

  private static double[] logErrors(List<EtaPrediction> ps) {
    return ps.stream()
        .mapToDouble(
            p ->
                Math.abs(
                    Math.log1p(Math.max(0, p.p50()) / MINUTES_PER_HOUR)
                        - Math.log1p(p.actual() / MINUTES_PER_HOUR)))
        .toArray();
  }

  /**
   * Share of tickets resolved within the predicted p90; a well-calibrated p90 holds for about 90%.
   */
  public static double p90IntervalCoverage(List<EtaPrediction> ps) {
    return ps.isEmpty()
        ? 0
        : ps.stream().filter(p -> p.actual() <= p.p90()).count() / (double) ps.size();
  }

  /**
   * Median of p90 − p50 in hours: how much room the interval above the p50 leaves, beside its
   * coverage.
   */
  public static double p90IntervalWidthHours(List<EtaPrediction> ps) {
    return Metrics.median(
        ps.stream().mapToDouble(p -> Math.max(0, p.p90() - p.p50()) / MINUTES_PER_HOUR).toArray());
  }
}
