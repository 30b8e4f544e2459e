package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.testing.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The breaker {@link LlmClient} builds for its calls (Resilience4j's, configured there). */
class CircuitBreakerTest {

  private static final RuntimeException FAILURE = new LlmUnavailableException("down", null);

  @Test
  void opens_after_the_threshold_then_lets_one_trial_through_after_the_cool_down() {
    ManualClock clock = new ManualClock(Instant.parse("2026-05-01T00:00:00Z"));
    CircuitBreaker b = LlmClient.breaker(3, Duration.ofSeconds(30), clock);
    for (int i = 0; i < 3; i++) {
      assertThat(b.tryAcquirePermission()).isTrue();
      fail(b);
    }
    assertThat(b.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(b.tryAcquirePermission()).isFalse();

    clock.advance(Duration.ofSeconds(31));
    assertThat(b.tryAcquirePermission()).isTrue();
    assertThat(b.tryAcquirePermission()).as("only one trial while half-open").isFalse();
    fail(b);
    assertThat(b.getState())
        .as("a failed trial opens it again")
        .isEqualTo(CircuitBreaker.State.OPEN);

    clock.advance(Duration.ofSeconds(31));
    assertThat(b.tryAcquirePermission()).isTrue();
    succeed(b);
    assertThat(b.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(b.tryAcquirePermission()).isTrue();
  }

  @Test
  void a_success_resets_the_count_of_failures_in_a_row() {
    CircuitBreaker b =
        LlmClient.breaker(
            2, Duration.ofSeconds(30), new ManualClock(Instant.parse("2026-05-01T00:00:00Z")));
    fail(b);
    succeed(b);
    fail(b);
    assertThat(b.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  private static void fail(CircuitBreaker b) {
    b.onError(0, TimeUnit.NANOSECONDS, FAILURE);
  }

  private static void succeed(CircuitBreaker b) {
    b.onSuccess(0, TimeUnit.NANOSECONDS);
  }
}
