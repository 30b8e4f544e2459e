package dev.sift.service.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private ApiKeys keys(Path file) {
    return new ApiKeys(new FileKeyStore(file), Duration.ZERO, CLOCK);
  }

  @Test
  void issued_keys_carry_at_least_128_random_bits_and_are_unique_per_call() {
    ApiKeys keys = keys(dir.resolve("keys.json"));

    String a = keys.issue(ApiKey.Kind.TENANT, "acme", null).secret();
    String b = keys.issue(ApiKey.Kind.TENANT, "acme", null).secret();

    assertThat(a).startsWith(ApiKeys.PREFIX).isNotEqualTo(b);
    // 43 base64url characters after the prefix: 256 bits.
    assertThat(a.length() - ApiKeys.PREFIX.length()).isGreaterThanOrEqualTo(128 / 6 + 1);
  }

  @Test
  void only_the_hash_is_stored_and_keys_survive_a_reopen() throws Exception {
    Path file = dir.resolve("keys.json");
    ApiKeys.Issued issued = keys(file).issue(ApiKey.Kind.TENANT, "acme", "helpdesk");

    ApiKeys reopened = keys(file);

    assertThat(Files.readString(file))
        .doesNotContain(issued.secret())
        .contains(ApiKeys.sha256(issued.secret()));
    assertThat(reopened.authenticate(issued.secret()))
        .get()
        .extracting(ApiKey::tenant, ApiKey::kind)
        .containsExactly("acme", ApiKey.Kind.TENANT);
    assertThat(reopened.authenticate(issued.secret() + "x")).isEmpty();
  }

  @Test
  void a_revoked_key_stops_working_and_stays_revoked_after_reopen() {
    Path file = dir.resolve("keys.json");
    ApiKeys keys = keys(file);
    ApiKeys.Issued issued = keys.issue(ApiKey.Kind.ADMIN, null, null);
    assertThat(keys.authenticate(issued.secret())).isPresent();

    assertThat(keys.revoke(issued.key().id())).isTrue();

    assertThat(keys.authenticate(issued.secret())).isEmpty();
    assertThat(keys(file).authenticate(issued.secret())).isEmpty();
    assertThat(keys.revoke(issued.key().id())).isFalse();
  }

  @Test
  void configured_keys_are_never_written_to_the_store() throws Exception {
    Path file = dir.resolve("keys.json");
    ApiKeys keys = keys(file);

    keys.configure("bootstrap", ApiKey.Kind.ADMIN, null, "my-admin-secret", "env");

    assertThat(keys.authenticate("my-admin-secret"))
        .get()
        .extracting(ApiKey::admin)
        .isEqualTo(true);
    assertThat(keys.hasLiveAdminKey()).isTrue();
    assertThat(Files.exists(file)).isFalse();
    assertThat(keys.isConfigured("bootstrap")).isTrue();
  }

  @Test
  void the_rate_limiter_allows_a_burst_then_refills_at_the_rate() {
    AtomicLong now = new AtomicLong();
    RateLimiter limiter = new RateLimiter(2, 3, now::get);

    assertThat(limiter.acquire("k")).isZero();
    assertThat(limiter.acquire("k")).isZero();
    assertThat(limiter.acquire("k")).isZero();
    assertThat(limiter.acquire("k")).isEqualTo(1);
    assertThat(limiter.acquire("other")).isZero();

    now.addAndGet(Duration.ofMillis(500).toNanos()); // one token at 2 per second
    assertThat(limiter.acquire("k")).isZero();
    assertThat(limiter.acquire("k")).isEqualTo(1);
  }
}
