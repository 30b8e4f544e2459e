package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.service.Http.Reply;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Each key has its own token bucket: a burst of 3, then 1 request a second. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "sift.limits.rate-per-key=1",
    "sift.limits.rate-burst=3"})
@DirtiesContext
class RateLimitIT {

  private static final int BURST = 3;

  @TempDir
  static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("sift.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort
  int port;

  @Test
  void aKeyOverItsRateGets429WithRetryAfterWhileOtherKeysGoOn() {
    Http admin = new Http(port);
    String first = admin.postJson("/v1/admin/tenants/rl-a/keys", "{}").json().path("key").asString();
    String second = admin.postJson("/v1/admin/tenants/rl-b/keys", "{}").json().path("key").asString();
    Http a = admin.withKey(first);

    for (int i = 0; i < BURST; i++) {
      assertThat(a.get("/v1/tenants/rl-a/incidents").status()).as("request %d within the burst", i).isEqualTo(404);
    }
    Reply limited = a.get("/v1/tenants/rl-a/incidents");

    limited.assertProblem(429, "rate-limited", "/v1/tenants/rl-a/incidents");
    assertThat(limited.json().path("retryAfterSeconds").asLong()).isBetween(1L, 2L);
    assertThat(limited.header("Retry-After")).isEqualTo(limited.json().path("retryAfterSeconds").asString());
    assertThat(a.get("/v1/tenants/rl-a/incidents").status()).isEqualTo(429);
    assertThat(admin.withKey(second).get("/v1/tenants/rl-b/incidents").status()).isEqualTo(404);
    assertThat(admin.withKey(second).postJson("/v1/tenants/rl-b/tickets",
        Map.of("id", "1", "subject", "x")).status()).isEqualTo(201);
  }
}
