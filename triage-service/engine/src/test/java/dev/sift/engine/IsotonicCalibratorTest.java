package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IsotonicCalibratorTest {

  private static final long SEED = 11;

  @Test
  void calibrated_confidence_tracks_the_observed_hit_rate() {
    // Outcomes drawn so that the true hit rate is the square of the score: raw scores are over-confident.
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
}
