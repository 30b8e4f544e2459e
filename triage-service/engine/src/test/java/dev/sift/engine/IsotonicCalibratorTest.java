package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IsotonicCalibratorTest {

  private static final long SEED = 11;

  @Test
  void calibrated_confidence_tracks_the_observed_hit_rate() {
    // Outcomes drawn so that the true hit rate is the square of the score: raw scores are
    // over-confident.
    Random r = new Random(SEED);
    int n = 20_000;
    double[] score = new double[n];
    boolean[] hit = new boolean[n];
    for (int i = 0; i < n; i++) {
      score[i] = r.nextDouble();
      hit[i] = r.nextDouble() < score[i] * score[i];
    }
    IsotonicCalibrator c = IsotonicCalibrator.fit(score, hit);
    assertThat(c.apply(0.5)).isCloseTo(0.25, within(0.05));
    assertThat(c.apply(0.9)).isCloseTo(0.81, within(0.05));
    assertThat(c.apply(0.2)).isCloseTo(0.04, within(0.05));
  }

  @Test
  void is_monotone_and_stays_inside_zero_and_one() {
    double[] score = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.9, 1.0};
    boolean[] hit = {false, true, false, false, true, true, true, true};
    IsotonicCalibrator c = IsotonicCalibrator.fit(score, hit);
    double previous = -1;
    for (double s = 0; s <= 1.0001; s += 0.01) {
      double p = c.apply(s);
      assertThat(p).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
      previous = p;
    }
    // Smoothing keeps a perfect block of three short of certainty.
    assertThat(c.apply(1.0)).isLessThan(1.0);
  }

  @Test
  void identity_is_used_without_data() {
    IsotonicCalibrator c = IsotonicCalibrator.fit(new double[0], new boolean[0]);
    assertThat(c.apply(0.37)).isCloseTo(0.37, within(1e-9));
  }

  @Test
  void
      on_a_few_hundred_outcomes_of_a_smooth_curve_the_chosen_map_is_closer_to_the_truth_than_isotonic_steps() {
    // True hit rate: a sigmoid in the score's log-odds, slope 2, offset 0.5; 200 outcomes as a
    // small desk has.
    Random r = new Random(SEED);
    int n = 200;
    double[] score = new double[n];
    boolean[] hit = new boolean[n];
    for (int i = 0; i < n; i++) {
      score[i] = 0.05 + 0.9 * r.nextDouble();
      hit[i] = r.nextDouble() < truth(score[i]);
    }
    IsotonicCalibrator chosen = IsotonicCalibrator.fitChosen(score, hit);
    IsotonicCalibrator isotonic = IsotonicCalibrator.fit(score, hit);
    double chosenError = 0;
    double isotonicError = 0;
    for (double s = 0.1; s <= 0.9; s += 0.01) {
      chosenError += Math.abs(chosen.apply(s) - truth(s));
      isotonicError += Math.abs(isotonic.apply(s) - truth(s));
    }
    assertThat(chosenError).isLessThan(isotonicError);
    assertThat(IsotonicCalibrator.sigmoid(score, hit).apply(0.8))
        .isCloseTo(truth(0.8), within(0.08));
  }

  @Test
  void a_sharp_step_in_the_hit_rate_keeps_its_step() {
    Random r = new Random(SEED);
    double[] score = uniformScores(r, 2_000);
    boolean[] hit = sharpStep(r, score);
    // a sigmoid can only blur the step, so the cross-validation keeps isotonic regression
    IsotonicCalibrator c = IsotonicCalibrator.fitChosen(score, hit);
    assertSameMap(c, IsotonicCalibrator.fit(score, hit));
    assertThat(c.apply(0.1)).isCloseTo(0.2, within(0.06));
    assertThat(c.apply(0.95)).isCloseTo(0.95, within(0.04));
  }

  @Test
  void below_a_thousand_outcomes_the_sigmoid_serves_unless_its_slope_is_wrong() {
    // The sharp step of the test above on 600 outcomes: from 1,000 the cross-validation would keep
    // isotonic steps; below, a sigmoid's two parameters are trusted over steps that follow luck.
    Random r = new Random(SEED);
    double[] score = uniformScores(r, 600);
    boolean[] hit = sharpStep(r, score);
    IsotonicCalibrator chosen = IsotonicCalibrator.fitChosen(score, hit);
    assertSameMap(chosen, IsotonicCalibrator.sigmoid(score, hit));
    // Not the isotonic steps, which the contest would keep on this data (the test above).
    assertThat(chosen.apply(0.1))
        .isNotCloseTo(IsotonicCalibrator.fit(score, hit).apply(0.1), within(0.02));
    // Higher shares right less often: no sigmoid can say that, and isotonic regression serves.
    boolean[] inverted = new boolean[score.length];
    for (int i = 0; i < score.length; i++) {
      inverted[i] = r.nextDouble() < 1 - score[i];
    }
    assertThat(IsotonicCalibrator.sigmoid(score, inverted)).isNull();
    assertThat(IsotonicCalibrator.fitChosen(score, inverted).apply(0.3))
        .isEqualTo(IsotonicCalibrator.fit(score, inverted).apply(0.3));
  }

  /** Both calibrators give the same confidence at every twentieth of the score range. */
  private static void assertSameMap(IsotonicCalibrator actual, IsotonicCalibrator expected) {
    for (double s = 0.05; s < 1; s += 0.05) {
      assertThat(actual.apply(s)).isEqualTo(expected.apply(s));
    }
  }

  private static double[] uniformScores(Random r, int n) {
    double[] score = new double[n];
    for (int i = 0; i < n; i++) {
      score[i] = r.nextDouble();
    }
    return score;
  }

  /** Outcomes right 20% of the time below a share of 0.6 and 95% from it. */
  private static boolean[] sharpStep(Random r, double[] score) {
    boolean[] hit = new boolean[score.length];
    for (int i = 0; i < score.length; i++) {
      hit[i] = r.nextDouble() < (score[i] < 0.6 ? 0.2 : 0.95);
    }
    return hit;
  }

  @Test
  void a_sigmoid_is_never_surer_than_its_outcomes_can_show() {
    // 100 outcomes that separate perfectly at a share of 0.5: the fitted slope is steep, and the
    // sigmoid would say 1.000 at the top.
    int n = 100;
    double[] score = new double[n];
    boolean[] hit = new boolean[n];
    for (int i = 0; i < n; i++) {
      score[i] = 0.2 + 0.8 * i / (n - 1);
      hit[i] = score[i] > 0.5;
    }

    IsotonicCalibrator sigmoid = IsotonicCalibrator.sigmoid(score, hit);

    assertThat(sigmoid.apply(1.0)).isLessThanOrEqualTo(101.0 / 102).isGreaterThan(0.98);
  }

  @Test
  void outcomes_that_were_all_right_give_the_rule_of_successions_confidence_not_certainty() {
    double[] score = {0.4, 0.6, 0.8, 1.0};
    boolean[] hit = {true, true, true, true};

    assertThat(IsotonicCalibrator.fit(score, hit).apply(1.0)).isEqualTo(5.0 / 6);
  }

  @Test
  void no_sigmoid_says_a_higher_share_is_less_likely_right() {
    double[] score = {0.2, 0.4, 0.6, 0.8, 0.3, 0.5, 0.7, 0.9};
    boolean[] hit = {true, true, false, false, true, true, false, false};
    assertThat(IsotonicCalibrator.sigmoid(score, hit)).isNull();
  }

  private static double truth(double score) {
    return 1 / (1 + Math.exp(-(2 * Math.log(score / (1 - score)) + 0.5)));
  }
}
