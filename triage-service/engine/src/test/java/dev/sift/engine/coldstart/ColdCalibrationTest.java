package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sift.engine.Thresholds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColdCalibrationTest {

  private static List<ColdCalibration.Outcome> outcomes(int right, int wrong, double score) {
    List<ColdCalibration.Outcome> out = new ArrayList<>();
    for (int i = 0; i < right; i++) {
      out.add(new ColdCalibration.Outcome(score, true));
    }
    for (int i = 0; i < wrong; i++) {
      out.add(new ColdCalibration.Outcome(score, false));
    }
    return out;
  }

  @Test
  void the_wilson_bound_of_all_right_answers_passes_0_9_only_from_25_of_them() {
    // All right: the bound is n / (n + z^2), z = 1.645.
    assertThat(Thresholds.wilsonLowerBound(25, 25))
        .isCloseTo(25 / (25 + 1.6449 * 1.6449), within(1e-9))
        .isGreaterThan(0.9);
    assertThat(Thresholds.wilsonLowerBound(24, 24)).isLessThan(0.9);
    // 90 of 100 right is a point estimate of 0.9 and a lower bound well under it.
    assertThat(Thresholds.wilsonLowerBound(90, 100)).isBetween(0.83, 0.86);
  }

  @Test
  void a_bare_taxonomy_is_capped_at_one_half_and_never_answers() {
    ColdCalibration c = ColdCalibration.fit(List.of(), 30, 0.9);

    assertThat(c.confidence(0.99)).isEqualTo(0.5);
    assertThat(c.threshold()).isEqualTo(ColdCalibration.NEVER);
    assertThat(c.answers(c.confidence(0.99))).isFalse();
  }

  @Test
  void fewer_than_ten_real_tickets_never_give_more_than_0_9_nor_an_answer() {
    for (int n = 0; n < 10; n++) {
      ColdCalibration c = ColdCalibration.fit(outcomes(n, 0, 0.95), 30, 0.9);
      assertThat(c.confidence(1.0)).as("%d tickets", n).isLessThanOrEqualTo(n <= 8 ? 0.9 : 0.91);
      assertThat(c.answers(c.confidence(1.0))).isFalse();
    }
    assertThat(ColdCalibration.fit(outcomes(3, 0, 0.95), 30, 0.9).confidence(1.0)).isEqualTo(0.8);
  }

  @Test
  void live_outcomes_move_the_threshold_from_never_to_where_precision_holds() {
    // Confident answers right 59 times in 60, unsure ones right half the time.
    List<ColdCalibration.Outcome> live = new ArrayList<>(outcomes(59, 1, 0.9));
    live.addAll(outcomes(20, 20, 0.4));
    ColdCalibration before = ColdCalibration.fit(List.of(), 30, 0.9);

    ColdCalibration after = ColdCalibration.fit(live, 30, 0.9);

    assertThat(before.threshold()).isEqualTo(ColdCalibration.NEVER);
    assertThat(after.threshold()).isLessThan(1.0).isGreaterThan(after.confidence(0.4));
    assertThat(after.answers(after.confidence(0.9))).isTrue();
    assertThat(after.answers(after.confidence(0.4))).isFalse();
    assertThat(after.confidence(0.9)).isCloseTo(59 / 60.0, within(0.03));
  }

  @Test
  void a_field_right_only_four_times_in_five_never_opens_at_a_0_9_target() {
    ColdCalibration c = ColdCalibration.fit(outcomes(400, 100, 0.9), 30, 0.9);

    assertThat(c.threshold()).isEqualTo(ColdCalibration.NEVER);
    assertThat(c.confidence(0.9)).isCloseTo(0.8, within(0.01));
  }
}
