package dev.sift.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.engine.FitProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void shows_the_share_of_the_file_read_the_tickets_and_the_rate() {
    ProgressBar bar = new ProgressBar(System.err, 1000, () -> 0);

    assertThat(bar.render(500, 1500, 10 * SECOND))
        .isEqualTo("[###############...............]  50%  1,500 tickets  150/s  0:10");
    assertThat(bar.render(0, 0, 0))
        .startsWith("[..............................]   0%  0 tickets  0/s  0:00");
    assertThat(bar.render(2000, 10, 75 * SECOND))
        .startsWith("[##############################] 100%")
        .endsWith("1:15");
  }

  @Test
  void without_a_known_size_shows_only_counts() {
    assertThat(new ProgressBar(System.err, 0, () -> 0).render(123, 42, 2 * SECOND))
        .isEqualTo("42 tickets  21/s  0:02");
  }

  @Test
  void redraws_in_place_and_ends_the_line_when_finished() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProgressBar bar =
        new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), 100, () -> 100);
    bar.tickets(7);
    bar.finish();

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .startsWith("\r[")
        .contains("\r[##############################] 100%  7 tickets")
        .endsWith(System.lineSeparator());
  }

  @Test
  void a_calibration_step_replaces_the_import_line_with_the_step_its_share_and_counts() {
    ProgressBar bar = new ProgressBar(System.err, 0, () -> 0);

    assertThat(bar.renderCalibration(FitProgress.Step.FINDING_NEIGHBOURS, 800, 2000, 42 * SECOND))
        .isEqualTo(
            "Calibrating 2/4 finding neighbours of the backtest sample [############..................]  40%"
                + "  800/2,000  0:42");
    assertThat(bar.renderCalibration(FitProgress.Step.FITTING_ETA, 0, 0, 61 * SECOND))
        .isEqualTo("Calibrating 4/4 fitting the resolution-time model 1:01");
  }

  /**
   * The bug this guards: the bar sat at 100% through minutes of calibration, with nothing moving.
   */
  @Test
  void the_import_listener_draws_calibration_progress_after_the_last_batch() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(out, true, StandardCharsets.UTF_8);
    ProgressBar importing = new ProgressBar(err, 100, () -> 100);
    try (ImportProgress listener = new ImportProgress(importing, err, "acme")) {
      listener.stored(500);
      listener.calibrating(500);
      listener.calibrationProgress(FitProgress.Step.READING_HISTORY, 250, 500);
      listener.calibrationProgress(FitProgress.Step.FITTING_FIELDS, 13, 26);
      listener.finish();
    }

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed.substring(printed.indexOf("Calibrating tenant")))
        .as("no import line once calibrating")
        .doesNotContain(" tickets  ");
    assertThat(printed)
        .contains("100%  500 tickets")
        .contains("Calibrating tenant 'acme' (500 tickets stored)")
        .contains(
            "\rCalibrating 1/4 reading history [###############...............]  50%  250/500")
        .contains(
            "\rCalibrating 3/4 training and backtesting fields [###############...............]  50%  13/26")
        .endsWith(System.lineSeparator());
  }
}
