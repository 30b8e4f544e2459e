package dev.sift.engine.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClusterTest {

  private static final Duration EXPIRY = Duration.ofMinutes(60);

  private static Cluster lastSeenAt(Instant instant) {
    Cluster cluster = new Cluster("c-1", "acme", 2);
    cluster.add(new TicketArrival("T-1", "vpn down", "ana", "acme", instant), new float[] {1, 0});
    return cluster;
  }

  @Test
  void expires_once_the_expiry_has_passed_since_the_last_ticket() {
    Instant seen = Instant.parse("2026-05-01T09:00:00Z");
    Cluster cluster = lastSeenAt(seen);

    assertThat(cluster.expiredAt(seen.plus(EXPIRY), EXPIRY)).isFalse();
    assertThat(cluster.expiredAt(seen.plus(EXPIRY).plusSeconds(1), EXPIRY)).isTrue();
    assertThat(cluster.expiredAt(seen.minusSeconds(1), EXPIRY)).isFalse();
  }

  @Test
  void a_last_ticket_at_the_end_of_time_does_not_overflow_the_expiry_check() {
    // Before the fix lastSeen.plus(expiry) threw here, and every later triage of the tenant failed
    // with 500.
    Cluster cluster = lastSeenAt(Instant.MAX.minusSeconds(1));

    assertThat(cluster.expiredAt(Instant.parse("2026-05-01T09:00:00Z"), EXPIRY)).isFalse();
    assertThat(cluster.expiredAt(Instant.MAX, EXPIRY)).isFalse();
  }
}
