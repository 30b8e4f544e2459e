package dev.sift.engine;

import java.util.Map;

/**
 * How a tenant's time to resolve is estimated: the estimator its own history chose by backtest, the
 * resolution times the estimators draw on, and each estimator's backtest with its p90 margin.
 *
 * @param method the estimator that answers: {@code neighbours}, {@code group}, {@code median} or
 *     {@code blend}
 * @param baseline recency-weighted resolution times of the whole resolved history and per group
 * @param samples resolved held-out tickets behind {@code backtest}; 0 when the history is too small
 *     for one
 * @param backtest per estimator, how it did out of fold; empty without a backtest
 * @param blendWeight the neighbours' share in the {@code blend}: its p50 is {@code (1 - w) · median
 *     + w · neighbours} on the scale of ln(1 + hours); 0 unless the blend answers (and in fits
 *     stored before it existed)
 */
public record EtaFit(
    String method,
    EtaBaseline baseline,
    int samples,
    Map<String, Backtest> backtest,
    double blendWeight) {

  public static final String NEIGHBOURS = "neighbours";
  public static final String GROUP = "group";
  public static final String MEDIAN = "median";
  public static final String BLEND = "blend";

  /**
   * One estimator's out-of-fold backtest.
   *
   * @param maeLogHours mean of |ln(1 + predicted p50 hours) − ln(1 + actual hours)|
   * @param maeLogHoursStandardError its standard error over the held-out tickets
   * @param p90LogMargin p90 = p50 · e^margin: the split-conformal 90% bound of ln(actual / p50)
   *     over all held-out tickets
   * @param p90Coverage share of held-out tickets resolved within the p90, each judged by a margin
   *     fitted on the other folds (cross-conformal), so an honest estimate rather than 0.9 by
   *     construction
   * @param p90WidthHours median over held-out tickets of p90 − p50, in hours
   */
  public record Backtest(
      double maeLogHours,
      double maeLogHoursStandardError,
      double p90LogMargin,
      double p90Coverage,
      double p90WidthHours) {}

  /**
   * The margin that lifts an estimator's p50 to its p90; without a backtest, the history's own
   * p90/p50 spread.
   */
  double p90LogMargin(String estimator) {
    Backtest b = backtest == null ? null : backtest.get(estimator);
    if (b != null) {
      return b.p90LogMargin();
    }
    EtaBaseline.Quantiles q = baseline.overall();
    return q.count() == 0 ? 0 : Math.log(Math.max(1.0, q.p90()) / Math.max(1.0, q.p50()));
  }
}
