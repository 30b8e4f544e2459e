package dev.sift.service.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Issues, checks and revokes API keys. A key is {@code sift_} followed by 256 random bits, shown
 * once when made; only its SHA-256 is stored. Keys set by configuration (the bootstrap admin key,
 * the demo key) are held in memory and never stored, so that changing the configuration rotates
 * them.
 */
public final class ApiKeys {

  /** Bytes of randomness in a key: 256 bits, twice the 128 the API promises. */
  private static final int KEY_BYTES = 32;

  private static final int ID_BYTES = 6;
  static final String PREFIX = "sift_";

  /**
   * Lookups remembered at most this many at a time, so random bearer tokens cannot grow the cache;
   * Caffeine's frequency-aware admission keeps the keys in real use rather than a flood of one-off
   * tokens.
   */
  private static final int MAX_CACHED = 10_000;

  private final KeyStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, ApiKey> configured = new ConcurrentHashMap<>();

  /**
   * Lookups of stored keys by hash, the misses too: trusted for the cache time to live (revocation
   * on replicas).
   */
  private final Cache<String, Optional<ApiKey>> cache;

  /** A new key: the secret, shown once, and what is stored of it. */
  public record Issued(String secret, ApiKey key) {}

  ApiKeys(KeyStore store, Duration cacheTtl, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(MAX_CACHED)
            .expireAfterWrite(cacheTtl)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
  }

  /** Makes a new admin key or tenant key (tenant null for admin) and stores its hash durably. */
  public Issued issue(ApiKey.Kind kind, String tenant, String name) {
    String secret =
        PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(KEY_BYTES));
    ApiKey key =
        new ApiKey(
            HexFormat.of().formatHex(bytes(ID_BYTES)),
            kind,
            kind == ApiKey.Kind.ADMIN ? null : tenant,
            sha256(secret),
            name,
            clock.instant(),
            null);
    store.add(key);
    return new Issued(secret, key);
  }

  /** Accepts a key given by configuration, kept in memory only. */
  void configure(String id, ApiKey.Kind kind, String tenant, String secret, String name) {
    configured.put(
        sha256(secret), new ApiKey(id, kind, tenant, sha256(secret), name, clock.instant(), null));
  }

  /** The live key with this secret, if any. */
  public Optional<ApiKey> authenticate(String secret) {
    String hash = sha256(secret);
    ApiKey fixed = configured.get(hash);
    if (fixed != null) {
      return Optional.of(fixed);
    }
    return cache.get(hash, store::byHash).filter(ApiKey::live);
  }

  /** Stored and configured keys, optionally only one tenant's. */
  public List<ApiKey> list(String tenant) {
    List<ApiKey> out = new ArrayList<>(configured.values());
    out.addAll(store.all());
    return out.stream().filter(k -> tenant == null || tenant.equals(k.tenant())).toList();
  }

  public Optional<ApiKey> byId(String id) {
    return list(null).stream().filter(k -> k.id().equals(id)).findFirst();
  }

  /** Revokes a stored key. Replicas drop it from their caches within the cache time to live. */
  public boolean revoke(String id) {
    boolean revoked = store.revoke(id, clock.instant());
    if (revoked) {
      cache.invalidateAll();
    }
    return revoked;
  }

  boolean isConfigured(String id) {
    return configured.values().stream().anyMatch(k -> k.id().equals(id));
  }

  boolean hasLiveAdminKey() {
    return configured.values().stream().anyMatch(ApiKey::admin)
        || store.all().stream().anyMatch(k -> k.admin() && k.live());
  }

  /** Tenants that have at least one key, live or not. */
  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  static String sha256(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
