package dev.sift.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void showsTheShareOfTheFileReadTheTicketsAndTheRate() {
    ProgressBar bar = new ProgressBar(System.err, 1000, () -> 0);

    assertThat(bar.render(500, 1500, 10 * SECOND))
        .isEqualTo("[###############...............]  50%  1,500 tickets  150/s  0:10");
    assertThat(bar.render(0, 0, 0)).startsWith("[..............................]   0%  0 tickets  0/s  0:00");
    assertThat(bar.render(2000, 10, 75 * SECOND)).startsWith("[##############################] 100%")
        .endsWith("1:15");
  }

  @Test
  void withoutAKnownSizeShowsOnlyCounts() {
    assertThat(new ProgressBar(System.err, 0, () -> 0).render(123, 42, 2 * SECOND))
        .isEqualTo("42 tickets  21/s  0:02");
  }

  @Test
  void redrawsInPlaceAndEndsTheLineWhenFinished() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), 100, () -> 100);
    bar.tickets(7);
    bar.finish();

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).startsWith("\r[").contains("\r[##############################] 100%  7 tickets")
        .endsWith(System.lineSeparator());
  }
}
