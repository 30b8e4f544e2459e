package dev.sift.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.ProgressBar;
import dev.sift.engine.FitProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImportProgressTest {

  @Test
  void a_calibration_step_is_labelled_with_its_number_of_all_and_what_it_does() {
    assertThat(ImportProgress.label(FitProgress.Step.FINDING_NEIGHBOURS))
        .isEqualTo("Calibrating 2/4 finding neighbours of the backtest sample");
    assertThat(ImportProgress.label(FitProgress.Step.FITTING_ETA))
        .isEqualTo("Calibrating 4/4 fitting the resolution-time model");
  }

  /**
   * The bug this guards: the bar sat at 100% through minutes of calibration, with nothing moving.
   */
  @Test
  void the_import_listener_draws_calibration_progress_after_the_last_batch() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(out, true, StandardCharsets.UTF_8);
    ProgressBar importing = ProgressBar.reading(err, 100, () -> 100, "tickets");
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
