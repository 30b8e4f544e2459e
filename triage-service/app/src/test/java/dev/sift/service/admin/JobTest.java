package dev.sift.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A job's progress and ETA from the total counted up front. */
class JobTest {

  private static final Instant T0 = Instant.parse("2026-12-06T21:00:00Z");

  /** A clock the test moves. */
  private static final class StepClock extends Clock {
    private Instant now = T0;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void the_eta_comes_from_tickets_stored_of_those_counted_and_rows_read_never_go_back() {
    StepClock clock = new StepClock();
    Job job = new Job("j1", Jobs.APPEND, "acme", 10_000, clock);
    job.start();
    job.phase("counting", 0);
    assertThat(job.view().rowsTotal()).isNull();

    job.rowsTotal(1_000, 900);
    job.phase("importing", 0);
    job.rowsRead(1_000); // the reader runs ahead of the first batch
    assertThat(job.view().rowsTotal()).isEqualTo(1_000);
    assertThat(job.view().etaSeconds()).as("nothing stored yet: no rate").isNull();

    clock.advance(Duration.ofSeconds(10));
    job.phase("importing", 300);
    job.rowsRead(300);
    JobView v = job.view();
    assertThat(v.rowsRead()).as("never goes back").isEqualTo(1_000);
    assertThat(v.etaSeconds()).as("300 stored in 10 s, 600 to go").isEqualTo(20);
  }

  @Test
  void a_reembed_reports_its_total_from_the_start() {
    StepClock clock = new StepClock();
    Job job = new Job("j2", "reembed", "acme", 0, clock);
    job.rowsTotal(6, 6);
    assertThat(job.view().rowsTotal()).isEqualTo(6);
    job.start();
    clock.advance(Duration.ofSeconds(3));
    job.phase("reembedding acme", 3);
    job.rowsRead(3);
    assertThat(job.view().etaSeconds()).isEqualTo(3);
    job.phase("calibrating acme", 3);
    job.calibration(dev.sift.engine.FitProgress.Step.FINDING_NEIGHBOURS, 2, 6);
    assertThat(job.view().step()).isEqualTo("2/4 finding neighbours of the backtest sample 2/6");
    job.finish(JobState.SUCCEEDED, null, null);
    assertThat(job.view().rowsRead()).isEqualTo(3);
    assertThat(job.view().step()).isNull();
  }
}
