package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  @Test
  void opens_after_the_threshold_then_lets_one_trial_through_after_the_cool_down() {
    ManualClock clock = new ManualClock(Instant.parse("2026-05-01T00:00:00Z"));
    CircuitBreaker b = new CircuitBreaker(3, Duration.ofSeconds(30), clock);
    for (int i = 0; i < 3; i++) {
      assertThat(b.tryAcquire()).isTrue();
      b.onFailure();
    }
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(b.tryAcquire()).isFalse();

    clock.advance(Duration.ofSeconds(31));
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).as("only one trial while half-open").isFalse();
    b.onFailure();
    assertThat(b.state()).as("a failed trial opens it again").isEqualTo(CircuitBreaker.State.OPEN);

    clock.advance(Duration.ofSeconds(31));
    assertThat(b.tryAcquire()).isTrue();
    b.onSuccess();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(b.tryAcquire()).isTrue();
  }

  @Test
  void a_success_resets_the_count_of_failures_in_a_row() {
    CircuitBreaker b =
        new CircuitBreaker(
            2, Duration.ofSeconds(30), new ManualClock(Instant.parse("2026-05-01T00:00:00Z")));
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }
}
