package dev.sift.service.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key: {@code burst} requests at once, refilled at {@code perSecond}. Each
 * replica counts on its own, so N replicas behind a load balancer allow up to N times the rate.
 */
final class RateLimiter {

  private static final double NANOS_PER_SECOND = 1e9;

  /** Buckets kept at most; idle full buckets are dropped first when the map is full. */
  private static final int MAX_BUCKETS = 100_000;

  private final double perSecond;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }
  }

  RateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /**
   * Takes one token; returns 0 when allowed, otherwise the seconds until a token is free (at least
   * 1).
   */
  long acquire(String key) {
    long now = nanoTime.getAsLong();
    if (buckets.size() >= MAX_BUCKETS && !buckets.containsKey(key)) {
      buckets.clear();
    }
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (now - b.refilledAt) / NANOS_PER_SECOND * perSecond);
      b.refilledAt = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
    }
  }
}
