package dev.sift.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void shows_the_share_of_the_file_read_the_tickets_and_the_rate() {
    AtomicLong bytes = new AtomicLong();
    ProgressBar bar = ProgressBar.reading(System.err, 1000, bytes::get, "tickets");

    bytes.set(500);
    bar.count(1500);
    assertThat(bar.line(10 * SECOND))
        .isEqualTo("[###############...............]  50%  1,500 tickets  150/s  0:10");
    bytes.set(0);
    bar.count(0);
    assertThat(bar.line(0))
        .startsWith("[..............................]   0%  0 tickets  0/s  0:00");
    bytes.set(2000);
    bar.count(10);
    assertThat(bar.line(75 * SECOND))
        .startsWith("[##############################] 100%")
        .endsWith("1:15");
  }

  @Test
  void without_a_known_size_shows_only_counts() {
    ProgressBar bar = ProgressBar.reading(System.err, 0, () -> 123, "tickets");
    bar.count(42);

    assertThat(bar.line(2 * SECOND)).isEqualTo("42 tickets  21/s  0:02");
  }

  @Test
  void redraws_in_place_and_ends_the_line_when_finished() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProgressBar bar =
        ProgressBar.reading(
            new PrintStream(out, true, StandardCharsets.UTF_8), 100, () -> 100, "tickets");
    bar.count(7);
    bar.finish();

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .startsWith("\r[")
        .contains("\r[##############################] 100%  7 tickets")
        .endsWith(System.lineSeparator());
  }

  @Test
  void a_phase_shows_its_label_its_share_and_counts_or_only_its_label_without_a_total() {
    ProgressBar bar = ProgressBar.phases(System.err);

    bar.show("Calibrating 2/4 finding neighbours", 800, 2000);
    assertThat(bar.line(42 * SECOND))
        .isEqualTo(
            "Calibrating 2/4 finding neighbours [############..................]  40%  800/2,000  0:42");
    bar.show("Calibrating 4/4 fitting", 0, 0);
    assertThat(bar.line(61 * SECOND)).isEqualTo("Calibrating 4/4 fitting 1:01");
  }

  @Test
  void a_step_bar_counts_steps_and_shows_the_time_left() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long total = ProgressBar.MIN_STEPS * 2;
    ProgressBar bar =
        ProgressBar.steps(new PrintStream(out, true, StandardCharsets.UTF_8), "replay", total);
    for (int i = 0; i < total / 4; i++) {
      bar.step();
    }

    assertThat(bar.line(30 * SECOND))
        .isEqualTo("replay [########......................]  25%  100/400  0:30, 1:30 left");
    for (long i = total / 4; i < total; i++) {
      bar.step();
    }
    bar.finish();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("\rreplay [")
        .contains("\rreplay [##############################] 100%  400/400  ")
        .endsWith(System.lineSeparator());
  }

  @Test
  void a_step_bar_of_few_steps_draws_nothing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProgressBar bar =
        ProgressBar.steps(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            "replay",
            ProgressBar.MIN_STEPS - 1);
    for (int i = 0; i < ProgressBar.MIN_STEPS - 1; i++) {
      bar.step();
    }
    bar.finish();

    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
