package dev.sift.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The ETA metrics on three tickets worked out by hand (the numbers in the comments). */
class EtaMetricsTest {

  private static final Offset<Double> EXACT = within(1e-9);

  @Test
  void eta_metrics_use_hours_and_log_hours() {
    // Minutes: (p50 60, p90 120, actual 120), (120, 240, 60), (600, 600, 1200).
    List<EtaMetrics.EtaPrediction> eta =
        List.of(
            new EtaMetrics.EtaPrediction(60, 120, 120),
            new EtaMetrics.EtaPrediction(120, 240, 60),
            new EtaMetrics.EtaPrediction(600, 600, 1200));
    assertThat(EtaMetrics.medianAbsErrorHours(eta)).isCloseTo(1.0, EXACT);
    assertThat(EtaMetrics.maeLogHours(eta))
        .isCloseTo((2 * Math.log(1.5) + Math.log(21.0 / 11)) / 3, EXACT);
    assertThat(EtaMetrics.p90IntervalCoverage(eta)).isCloseTo(2.0 / 3, EXACT);
    // The per-ticket log errors are ln 1.5, ln 1.5 and ln(21/11); the standard error is their
    // sample deviation / √3.
    double a = Math.log(1.5);
    double b = Math.log(21.0 / 11);
    double mean = (2 * a + b) / 3;
    double sd = Math.sqrt((2 * (a - mean) * (a - mean) + (b - mean) * (b - mean)) / 2);
    assertThat(EtaMetrics.maeLogHoursStandardError(eta)).isCloseTo(sd / Math.sqrt(3), EXACT);
    // p90 − p50: 1 h, 2 h and 0 h.
    assertThat(EtaMetrics.p90IntervalWidthHours(eta)).isCloseTo(1.0, EXACT);
  }
}
