package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.service.Http.Reply;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Each key has its own token bucket: a burst of 3, then 1 request a second. */
@TestPropertySource(properties = {"sift.limits.rate-per-key=1", "sift.limits.rate-burst=3"})
class RateLimitIT extends RunningService {

  private static final int BURST = 3;

  @Test
  void a_key_over_its_rate_gets_429_with_retry_after_while_other_keys_go_on() {
    String first = http.postJson("/v1/admin/tenants/rl-a/keys", "{}").json().path("key").asString();
    String second =
        http.postJson("/v1/admin/tenants/rl-b/keys", "{}").json().path("key").asString();
    Http a = http.withKey(first);

    for (int i = 0; i < BURST; i++) {
      assertThat(a.get("/v1/tenants/rl-a/incidents").status())
          .as("request %d within the burst", i)
          .isEqualTo(404);
    }
    Reply limited = a.get("/v1/tenants/rl-a/incidents");

    limited.assertProblem(429, "rate-limited", "/v1/tenants/rl-a/incidents");
    assertThat(limited.json().path("retryAfterSeconds").asLong()).isBetween(1L, 2L);
    assertThat(limited.header("Retry-After"))
        .isEqualTo(limited.json().path("retryAfterSeconds").asString());
    assertThat(a.get("/v1/tenants/rl-a/incidents").status()).isEqualTo(429);
    assertThat(http.withKey(second).get("/v1/tenants/rl-b/incidents").status()).isEqualTo(404);
    assertThat(
            http.withKey(second)
                .postJson("/v1/tenants/rl-b/tickets", Map.of("id", "1", "subject", "x"))
                .status())
        .isEqualTo(201);
  }
}
