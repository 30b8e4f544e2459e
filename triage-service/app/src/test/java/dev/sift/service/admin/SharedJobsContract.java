package dev.sift.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.engine.state.StateStore;
import dev.sift.index.Payload;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import dev.sift.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' views of one job store: what one runs, the other reports, cancels, or declares
 * lost. Runs on files ({@link SharedJobsTest}) and on PostgreSQL ({@code SharedJobsPgIT}).
 */
abstract class SharedJobsContract {

  protected static final int DIM = 4;
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private final ManualClock clock = new ManualClock(T0);
  private VectorIndex index;
  private SharedJobs runner;
  private SharedJobs other;

  /** A fresh, empty job store that replicas would share. */
  protected abstract StateStore store();

  /** The tickets' index, of dimension {@link #DIM}. */
  protected abstract VectorIndex index();

  @BeforeEach
  void replicas() {
    index = index();
    StateStore store = store();
    runner = new SharedJobs(store, (tenant, staging) -> index.deleteTenant(staging), clock);
    other = new SharedJobs(store, (tenant, staging) -> index.deleteTenant(staging), clock);
  }

  @AfterEach
  void close() {
    index.close();
  }

  @Test
  void a_job_one_replica_runs_is_reported_with_its_progress_by_another() {
    runner.publish(view("a1", "running", 500, T0));

    assertThat(other.get("a1"))
        .get()
        .satisfies(
            v -> {
              assertThat(v.state()).isEqualTo(JobState.RUNNING);
              assertThat(v.imported()).isEqualTo(500);
            });
    assertThat(other.list()).extracting(JobView::id).containsExactly("a1");
    assertThat(other.get("nope")).isEmpty();
  }

  @Test
  void a_cancel_asked_of_another_replica_reaches_the_runner_at_its_next_heartbeat() {
    assertThat(runner.publish(view("c1", "running", 10, T0))).isFalse();

    assertThat(other.requestCancel("c1")).isPresent();

    assertThat(runner.publish(view("c1", "running", 20, T0))).isTrue();
    assertThat(other.requestCancel("unknown")).isEmpty();
  }

  @Test
  void
      a_job_whose_replica_stopped_is_reported_failed_its_staging_dropped_and_a_late_runner_told_to_stop() {
    index.upsert("acme", "live", new float[] {1, 0, 0, 0}, new Payload("live", Map.of()));
    index.upsert(
        TenantNames.staging("acme", "d1"),
        "half",
        new float[] {1, 0, 0, 0},
        new Payload("half", Map.of()));
    runner.publish(view("d1", "running", 300, T0));
    assertThat(other.get("d1").orElseThrow().state())
        .isEqualTo(JobState.RUNNING); // the reader starts watching

    clock.advance(SharedJobs.STALE_AFTER.minusSeconds(1));
    assertThat(other.get("d1").orElseThrow().state()).isEqualTo(JobState.RUNNING);
    clock.advance(Duration.ofSeconds(2));
    JobView lost = other.get("d1").orElseThrow();

    assertThat(lost.state()).isEqualTo(JobState.FAILED);
    assertThat(lost.error()).contains("replica");
    assertThat(index.count(TenantNames.staging("acme", "d1"))).isZero();
    assertThat(index.get("acme", "live")).isPresent();
    // The runner was only stalled: it must stop, not overwrite the verdict and swap a dropped index
    // in.
    assertThat(runner.publish(view("d1", "running", 400, T0))).isTrue();
    assertThat(other.get("d1").orElseThrow().state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void a_job_whose_record_keeps_changing_is_never_declared_lost_whatever_the_runners_clock_says() {
    runner.publish(view("h1", "running", 1, T0));
    for (int i = 0; i < 3; i++) {
      assertThat(other.get("h1").orElseThrow().state()).isEqualTo(JobState.RUNNING);
      clock.advance(SharedJobs.STALE_AFTER.minusSeconds(10));
      runner.publish(view("h1", "running", 2 + i, T0)); // a heartbeat: a new version
    }
    assertThat(other.get("h1").orElseThrow().state()).isEqualTo(JobState.RUNNING);
  }

  @Test
  void only_the_newest_finished_jobs_are_kept() {
    for (int i = 0; i < 5; i++) {
      runner.publish(view("f" + i, "succeeded", i, T0.plusSeconds(i)));
    }
    runner.publish(view("r1", "running", 1, T0));

    runner.trim(2);

    assertThat(other.list()).extracting(JobView::id).containsExactly("r1", "f4", "f3");
  }

  private static JobView view(String id, String state, long imported, Instant created) {
    boolean done = !state.equals("running");
    JobState parsed = JobState.fromJson(state);
    return new JobView(
        id,
        "replace-history",
        "acme",
        parsed,
        done ? "done" : "importing",
        null,
        created,
        created,
        done ? created : null,
        imported,
        imported,
        null,
        0,
        0,
        0,
        0,
        null,
        null,
        List.of());
  }
}
