package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThresholdTest {

  @Test
  void picks_the_lowest_confidence_at_which_precision_reaches_the_target() {
    // 20 answers at 0.95 (19 right), 20 at 0.7 (15 right), 20 at 0.4 (8 right).
    double[] conf = new double[60];
    boolean[] right = new boolean[60];
    for (int i = 0; i < 60; i++) {
      conf[i] = i < 20 ? 0.95 : i < 40 ? 0.7 : 0.4;
      right[i] = i < 20 ? i < 19 : i < 40 ? i < 35 : i < 48;
    }
    var t90 = TenantModelFitter.lowestThreshold(conf, right, 0.9);
    assertThat(t90.value()).isEqualTo(0.95);
    var t85 = TenantModelFitter.lowestThreshold(conf, right, 0.85);
    assertThat(t85.value()).isEqualTo(0.7);
    assertThat(t85.coverage()).isEqualTo(40 / 60.0);
    assertThat(t85.precision()).isEqualTo(34 / 40.0);
  }

  @Test
  void never_answers_when_no_threshold_reaches_the_target() {
    double[] conf = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01};
    boolean[] right = new boolean[conf.length];
    right[0] = true;
    var t = TenantModelFitter.lowestThreshold(conf, right, 0.9);
    assertThat(t.value()).isGreaterThan(1.0);
    assertThat(t.coverage()).isZero();
  }
}
