package dev.sift.engine;

import java.util.List;
import java.util.Map;

/**
 * What a tenant's history says about one field.
 *
 * @param labelCounts how often each value occurs in the history
 * @param calibrator maps the winning vote share to a calibrated confidence; null where the history
 *     is too small for a backtest, and confidence comes from {@link #priorConfidence} instead
 * @param threshold confidence below which the field abstains
 * @param backtest how the field did when held-out history was triaged against the rest
 * @param head the linear head blended with the votes, or null where the history is too small for
 *     one
 * @param lexical the lexical head blended with them, or null where the history is too small for one
 *     (or it is off)
 * @param priorTilt exponent of the label base rates that reweigh the blended shares ({@link
 *     Votes#tilt}); 0 leaves them as they are. Chosen by the backtest, for fields where a few
 *     neighbours' votes over-rule a dominant value more often than they are right to
 */
public record FieldFit(
    Map<String, Long> labelCounts,
    IsotonicCalibrator calibrator,
    double threshold,
    BacktestSummary backtest,
    LinearHead head,
    LexicalHead lexical,
    double priorTilt) {

  public FieldFit(
      Map<String, Long> labelCounts,
      IsotonicCalibrator calibrator,
      double threshold,
      BacktestSummary backtest) {
    this(labelCounts, calibrator, threshold, backtest, null, null, 0);
  }

  /**
   * The blended shares reweighed by the label base rates as far as the backtest chose; best first.
   */
  List<Votes.Share> tilt(List<Votes.Share> shares) {
    return Votes.tilt(shares, labelCounts, priorTilt);
  }

  /**
   * The probability that the leading value is right.
   *
   * @param topShare the leading value's share of the (blended) vote
   * @param voters neighbours that had a value for the field
   */
  public double confidence(double topShare, int voters) {
    return calibrator != null
        ? calibrator.apply(topShare)
        : priorConfidence(topShare, voters, labelCounts.size());
  }

  /**
   * Without a backtest, a vote is only as good as the handful of tickets behind it: the posterior
   * mean of the leading value under a uniform Dirichlet prior over the values seen plus one not yet
   * seen. Three unanimous neighbours give 0.8, five give at most 0.86: never the certainty a raw
   * share of 1.0 would claim.
   */
  static double priorConfidence(double topShare, int voters, int knownValues) {
    return (topShare * voters + 1) / (voters + knownValues + 1.0);
  }

  /**
   * @param samples held-out tickets with a value for the field
   * @param accuracy share of them whose winning value was right
   * @param coverage share that would have been answered at the threshold
   * @param precision share right among those answered
   * @param precisionLowerBound one-sided 95% Wilson lower bound of that precision, which the
   *     threshold makes meet the target precision; 0 where the field never answers
   */
  public record BacktestSummary(
      int samples, double accuracy, double coverage, double precision, double precisionLowerBound) {

    /** No backtest: the history is too small for one. */
    public static final BacktestSummary NONE = new BacktestSummary(0, 0, 0, 0, 0);
  }
}
