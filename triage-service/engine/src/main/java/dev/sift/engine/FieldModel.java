package dev.sift.engine;

import java.util.Map;

/**
 * What a tenant's history says about one field.
 *
 * @param labelCounts how often each value occurs in the history
 * @param calibrator maps the winning vote share to a calibrated confidence
 * @param threshold confidence below which the field abstains
 * @param backtest how the field did when held-out history was triaged against the rest
 * @param head the linear head blended with the votes, or null where the history is too small for one
 */
public record FieldModel(Map<String, Long> labelCounts, IsotonicCalibrator calibrator, double threshold,
    BacktestSummary backtest, LinearHead head) {

  public FieldModel(Map<String, Long> labelCounts, IsotonicCalibrator calibrator, double threshold,
      BacktestSummary backtest) {
    this(labelCounts, calibrator, threshold, backtest, null);
  }

  /**
   * @param samples held-out tickets with a value for the field
   * @param accuracy share of them whose winning value was right
   * @param coverage share that would have been answered at the threshold
   * @param precision share right among those answered
   */
  public record BacktestSummary(int samples, double accuracy, double coverage, double precision) {}
}
