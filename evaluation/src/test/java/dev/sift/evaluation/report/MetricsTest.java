package dev.sift.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Every metric on a ten-ticket fixture worked out by hand (the numbers in the comments). */
class MetricsTest {

  private static final Offset<Double> EXACT = within(1e-9);

  /** Most confident first; tickets 5, 8 and 10 are wrong, 7 to 10 abstained. */
  private static final List<Metrics.Prediction> TEN =
      List.of(
          p("A", 0.95, false, "A", "A", "B"),
          p("A", 0.90, false, "A", "A"),
          p("A", 0.85, false, "A", "A"),
          p("B", 0.80, false, "B", "B"),
          p("A", 0.75, false, "B", "A", "B"),
          p("A", 0.70, false, "A", "A"),
          p("B", 0.60, true, "B", "B"),
          p("A", 0.50, true, "C", "A", "B", "C"),
          p("C", 0.40, true, "C", "C"),
          p("B", 0.30, true, "A", "B", "C", "D", "A"));

  private static Metrics.Prediction p(
      String predicted, double confidence, boolean abstained, String truth, String... ranked) {
    return new Metrics.Prediction(predicted, confidence, abstained, truth, List.of(ranked));
  }

  @Test
  void accuracy_counts_the_top_suggestion_whether_or_not_it_abstained() {
    assertThat(Metrics.accuracy(TEN)).isCloseTo(0.7, EXACT);
  }

  @Test
  void macro_f1_averages_the_f1_of_each_true_class() {
    // A: P 4/6, R 4/5, F1 8/11; B: P 2/3, R 2/3; C: P 1, R 1/2, F1 2/3.
    assertThat(Metrics.macroF1(TEN)).isCloseTo((8.0 / 11 + 2.0 / 3 + 2.0 / 3) / 3, EXACT);
  }

  @Test
  void top3_accuracy_looks_at_the_three_best_ranked_values_only() {
    // Ticket 10's truth is fourth.
    assertThat(Metrics.topKAccuracy(TEN, 3)).isCloseTo(0.9, EXACT);
    assertThat(Metrics.topKAccuracy(TEN, 1)).isCloseTo(0.7, EXACT);
  }

  @Test
  void coverage_at_precision_is_the_largest_confident_prefix_that_keeps_the_precision() {
    // Running precision 1, 1, 1, 1, .8, .83, .86, .75, .78, .7.
    assertThat(Metrics.coverageAtPrecision(TEN, 0.9)).isCloseTo(0.4, EXACT);
    assertThat(Metrics.coverageAtPrecision(TEN, 0.85)).isCloseTo(0.7, EXACT);
  }

  @Test
  void precision_at_coverage_scores_the_most_confident_share() {
    assertThat(Metrics.precisionAtCoverage(TEN, 0.5)).isCloseTo(0.8, EXACT);
    assertThat(Metrics.precisionAtCoverage(TEN, 0.8)).isCloseTo(0.75, EXACT);
  }

  @Test
  void abstain_rate_and_answered_precision_describe_the_threshold() {
    assertThat(Metrics.abstainRate(TEN)).isCloseTo(0.4, EXACT);
    assertThat(Metrics.coverage(TEN)).isCloseTo(0.6, EXACT);
    assertThat(Metrics.precisionWhenAnswering(TEN)).isCloseTo(5.0 / 6, EXACT);
  }

  @Test
  void precision_when_answering_is_bounded_below_by_the_wilson_interval_of_the_answers() {
    // Tickets 1-6 answered, 5 right: the Wilson 95% lower bound of 5/6, worked out with z = 1.96.
    assertThat(Metrics.precisionWhenAnsweringLower95(TEN)).isCloseTo(0.436497, within(1e-6));
    assertThat(Metrics.wilsonLower95(8, 10)).isCloseTo(0.490162, within(1e-6));
    // More evidence for the same precision moves the bound up towards it.
    assertThat(Metrics.wilsonLower95(900, 1000)).isCloseTo(0.879848, within(1e-6));
    assertThat(Metrics.wilsonLower95(10, 10)).isCloseTo(0.722467, within(1e-6));
    assertThat(Metrics.wilsonLower95(0, 5)).isCloseTo(0.0, EXACT);
  }

  @Test
  void a_method_that_abstains_on_everything_covers_nothing_and_promises_nothing() {
    List<Metrics.Prediction> silent =
        List.of(p("A", 0.4, true, "A", "A"), p("B", 0.3, true, "A", "B"));
    assertThat(Metrics.coverage(silent)).isCloseTo(0.0, EXACT);
    assertThat(Metrics.precisionWhenAnswering(silent)).isNaN();
    assertThat(Metrics.precisionWhenAnsweringLower95(silent)).isCloseTo(0.0, EXACT);
    // Its top suggestion still counts for top-1 accuracy.
    assertThat(Metrics.accuracy(silent)).isCloseTo(0.5, EXACT);
  }

  @Test
  void a_method_that_never_abstains_covers_every_ticket_at_its_accuracy() {
    List<Metrics.Prediction> peer =
        TEN.stream()
            .map(
                q ->
                    new Metrics.Prediction(
                        q.predicted(), q.confidence(), false, q.truth(), q.ranked()))
            .toList();
    assertThat(Metrics.coverage(peer)).isCloseTo(1.0, EXACT);
    assertThat(Metrics.precisionWhenAnswering(peer)).isCloseTo(Metrics.accuracy(peer), EXACT);
  }

  @Test
  void standard_error_of_a_proportion_shrinks_with_the_root_of_n() {
    assertThat(Metrics.standardError(0.7, 10)).isCloseTo(Math.sqrt(0.021), EXACT);
    assertThat(Metrics.standardError(0.7, 1000)).isCloseTo(Math.sqrt(0.00021), EXACT);
  }

  @Test
  void expected_calibration_error_weighs_each_bins_gap_by_its_size() {
    // Bins 9: .075 x 2, 8: .175 x 2, 7: .225 x 2, 6: .4, 5: .5, 4: .6, 3: .3; over 10 tickets.
    assertThat(Metrics.expectedCalibrationError(TEN)).isCloseTo(0.275, within(1e-9));
    assertThat(Metrics.reliability(TEN))
        .hasSize(7)
        .first()
        .satisfies(b -> assertThat(b.accuracy()).isCloseTo(0.0, EXACT));
  }

  @Test
  void per_class_table_gives_support_precision_and_recall() {
    assertThat(Metrics.perClass(TEN))
        .containsExactly(
            new Metrics.ClassStats("A", 5, 6, 4.0 / 6, 4.0 / 5),
            new Metrics.ClassStats("B", 3, 3, 2.0 / 3, 2.0 / 3),
            new Metrics.ClassStats("C", 2, 1, 1.0, 0.5));
  }

  @Test
  void a_perfectly_calibrated_set_has_zero_calibration_error() {
    List<Metrics.Prediction> half =
        List.of(p("A", 0.5, false, "A", "A"), p("A", 0.5, false, "B", "A"));
    assertThat(Metrics.expectedCalibrationError(half)).isCloseTo(0.0, EXACT);
  }

  @Test
  void median_averages_the_middle_pair_and_quantile_takes_the_nearest_rank() {
    assertThat(Metrics.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Metrics.quantile(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9)).isEqualTo(9);
  }

  @Test
  void sampling_noise_alone_gives_a_small_set_a_larger_calibration_error_than_a_large_one() {
    // Every ticket at 0.7, exactly 70% right: calibrated, with an ECE of 0 on this draw.
    double small = Metrics.expectedCalibrationErrorIfCalibrated95(calibratedAtSeventy(150));
    double large = Metrics.expectedCalibrationErrorIfCalibrated95(calibratedAtSeventy(15_000));
    // One bin of n: |hits/n - 0.7| at its 95th percentile is about 1.96 * sqrt(0.21 / n).
    assertThat(small).isCloseTo(1.96 * Math.sqrt(0.21 / 150), within(0.02));
    assertThat(large).isCloseTo(1.96 * Math.sqrt(0.21 / 15_000), within(0.002));
    assertThat(Metrics.expectedCalibrationError(calibratedAtSeventy(150))).isLessThan(small);
  }

  @Test
  void an_over_confident_set_lies_far_above_what_noise_would_give() {
    List<Metrics.Prediction> overConfident =
        java.util.stream.IntStream.range(0, 1000)
            .mapToObj(i -> p("A", 0.95, false, i % 2 == 0 ? "A" : "B", "A"))
            .toList();
    assertThat(Metrics.expectedCalibrationError(overConfident)).isCloseTo(0.45, EXACT);
    assertThat(Metrics.expectedCalibrationErrorIfCalibrated95(overConfident)).isLessThan(0.02);
  }

  private static List<Metrics.Prediction> calibratedAtSeventy(int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> p("A", 0.7, false, i % 10 < 7 ? "A" : "B", "A"))
        .toList();
  }
}
