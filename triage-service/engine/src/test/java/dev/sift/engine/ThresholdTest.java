package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThresholdTest {

  @Test
  void picks_the_lowest_confidence_whose_precision_lower_bound_meets_the_target() {
    // 200 answers at 0.95 (196 right), 200 at 0.7 (170 right), 200 at 0.4 (80 right).
    double[] conf = new double[600];
    boolean[] right = new boolean[600];
    for (int i = 0; i < 600; i++) {
      conf[i] = i < 200 ? 0.95 : i < 400 ? 0.7 : 0.4;
      right[i] = i < 200 ? i < 196 : i < 400 ? i < 370 : i < 480;
    }
    // Down to 0.7 the backtest precision is 366/400 = 0.915, but its lower bound (0.89) misses 0.9.
    var t90 = Thresholds.lowest(conf, right, 0.9);
    assertThat(t90.value()).isEqualTo(0.95);
    assertThat(t90.precision()).isEqualTo(196 / 200.0);
    assertThat(t90.precisionLowerBound()).isGreaterThanOrEqualTo(0.9).isLessThan(t90.precision());
    var t85 = Thresholds.lowest(conf, right, 0.85);
    assertThat(t85.value()).isEqualTo(0.7);
    assertThat(t85.coverage()).isEqualTo(400 / 600.0);
    assertThat(t85.precision()).isEqualTo(366 / 400.0);
  }

  @Test
  void a_precision_that_rests_on_too_few_answers_does_not_open_the_field() {
    // 20 answers, all right: precision 1.0 in the backtest, but 20 tickets cannot show 0.9 with 95%
    // confidence.
    double[] few = new double[40];
    boolean[] right = new boolean[40];
    for (int i = 0; i < 40; i++) {
      few[i] = i < 20 ? 0.97 : 0.3;
      right[i] = i < 20;
    }
    assertThat(Thresholds.lowest(few, right, 0.9).value()).isEqualTo(Thresholds.NEVER);

    double[] enough = new double[80];
    boolean[] right2 = new boolean[80];
    for (int i = 0; i < 80; i++) {
      enough[i] = i < 40 ? 0.97 : 0.3;
      right2[i] = i < 40;
    }
    var t = Thresholds.lowest(enough, right2, 0.9);
    assertThat(t.value()).isEqualTo(0.97);
    assertThat(t.coverage()).isEqualTo(0.5);
  }

  @Test
  void never_answers_when_no_threshold_reaches_the_target() {
    double[] conf = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01};
    boolean[] right = new boolean[conf.length];
    right[0] = true;
    var t = Thresholds.lowest(conf, right, 0.9);
    assertThat(t.value()).isGreaterThan(1.0);
    assertThat(t.coverage()).isZero();
  }

  @Test
  void the_wilson_lower_bound_matches_its_closed_form() {
    assertThat(Thresholds.wilsonLowerBound(0, 10)).isZero();
    // All right: n / (n + z^2).
    assertThat(Thresholds.wilsonLowerBound(10, 10))
        .isCloseTo(10 / (10 + 1.6449 * 1.6449), within(1e-9));
    assertThat(Thresholds.wilsonLowerBound(81, 100)).isCloseTo(0.7376, within(1e-3));
    assertThat(Thresholds.wilsonLowerBound(8_100, 10_000)).isCloseTo(0.8035, within(1e-3));
  }

  @Test
  void the_bound_s_z_follows_the_confidence_level() {
    assertThat(Thresholds.zOf(0.95)).isCloseTo(1.6449, within(1e-3));
    assertThat(Thresholds.zOf(0.8)).isCloseTo(0.8416, within(1e-3));
    assertThat(Thresholds.zOf(0.5)).isCloseTo(0, within(1e-6));
    assertThatThrownBy(() -> Thresholds.zOf(1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_lower_confidence_level_lets_a_small_backtest_answer_its_surest_slice() {
    // 200 replayed tickets: the surest 25 hold one miss (96% right), the rest are a coin toss.
    int n = 200;
    double[] conf = new double[n];
    boolean[] right = new boolean[n];
    for (int i = 0; i < n; i++) {
      conf[i] = 1 - i / (double) n;
      right[i] = i < 25 ? i != 3 : i % 2 == 0;
    }
    assertThat(Thresholds.lowest(conf, right, 0.9).value()).isEqualTo(Thresholds.NEVER);

    var t = Thresholds.lowest(conf, right, 0.9, Thresholds.zOf(0.8));
    assertThat(t.value()).isLessThan(1.0);
    assertThat(t.precision()).isGreaterThanOrEqualTo(0.9);
    assertThat(t.precisionLowerBound())
        .isGreaterThanOrEqualTo(0.9)
        .isEqualTo(
            Thresholds.wilsonLowerBound(
                (int) Math.round(t.precision() * t.coverage() * n),
                (int) Math.round(t.coverage() * n),
                Thresholds.zOf(0.8)));
  }
}
