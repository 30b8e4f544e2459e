package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LlmBulkheadTest {

  private static final Clock CLOCK = Clock.systemUTC();

  private static Instant in(Duration d) {
    return CLOCK.instant().plus(d);
  }

  @Test
  void a_full_bulkhead_with_a_full_queue_refuses_at_once() {
    LlmBulkhead bulkhead = new LlmBulkhead(1, 0, CLOCK);
    LlmBulkhead.Slot held = bulkhead.acquire(in(Duration.ofSeconds(5)));

    long start = System.nanoTime();
    assertThatThrownBy(() -> bulkhead.acquire(in(Duration.ofSeconds(5))))
        .isInstanceOf(LlmBusyException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

    held.release();
    assertThat(bulkhead.available()).isEqualTo(1);
  }

  @Test
  void a_queued_caller_gets_the_slot_when_it_frees_and_gives_up_at_its_deadline() throws Exception {
    LlmBulkhead bulkhead = new LlmBulkhead(1, 1, CLOCK);
    LlmBulkhead.Slot held = bulkhead.acquire(in(Duration.ofSeconds(5)));
    CompletableFuture<LlmBulkhead.Slot> queued =
        CompletableFuture.supplyAsync(() -> bulkhead.acquire(in(Duration.ofSeconds(5))));
    Thread.sleep(100);
    // The queue holds one: a third caller is refused at once.
    assertThatThrownBy(() -> bulkhead.acquire(in(Duration.ofSeconds(5))))
        .isInstanceOf(LlmBusyException.class);

    held.release();
    queued.get(2, TimeUnit.SECONDS).release();

    LlmBulkhead.Slot again = bulkhead.acquire(in(Duration.ofSeconds(1)));
    long start = System.nanoTime();
    assertThatThrownBy(() -> bulkhead.acquire(in(Duration.ofMillis(200))))
        .isInstanceOf(LlmBusyException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(150), Duration.ofSeconds(2));
    again.release();
  }

  @Test
  void a_slot_returns_only_when_the_call_it_started_has_ended() {
    LlmBulkhead bulkhead = new LlmBulkhead(1, 0, CLOCK);
    LlmBulkhead.Slot slot = bulkhead.acquire(in(Duration.ofSeconds(1)));
    slot.hold();

    slot.release(); // the caller gave up; its HTTP call still runs
    assertThat(bulkhead.available()).isZero();

    slot.release(); // the call ended
    assertThat(bulkhead.available()).isEqualTo(1);
  }
}
