package dev.sift.engine.coldstart;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.sift.engine.TicketStore;
import java.time.Duration;

/**
 * Each tenant's ticket count as cold start reads it on every triage, reused for a few seconds. The
 * count only decides whether a cold fit has moved by 20 tickets or 10% and must be rebuilt, while
 * counting costs a scan of the tenant's keys on pgvector: about 4 ms of database time per triage on
 * an 8,500-ticket tenant.
 */
final class RecentCounts {

  /** A rebuild waits at most this long after the tickets that call for it. */
  static final Duration REUSE = Duration.ofSeconds(5);

  private final TicketStore store;
  private final Cache<String, Long> counts;

  RecentCounts(TicketStore store) {
    this(store, Ticker.systemTicker());
  }

  /** With the clock that ages the counts, for tests. */
  RecentCounts(TicketStore store, Ticker ticker) {
    this.store = store;
    this.counts = Caffeine.newBuilder().expireAfterWrite(REUSE).ticker(ticker).build();
  }

  /**
   * @param fresh count now (and remember it), for callers that act on a change at once
   */
  long count(String tenant, boolean fresh) {
    if (fresh) {
      long now = countNow(tenant);
      counts.put(tenant, now);
      return now;
    }
    return counts.get(tenant, this::countNow);
  }

  void forget(String tenant) {
    counts.invalidate(tenant);
  }

  private long countNow(String tenant) {
    return store.exists(tenant) ? store.count(tenant) : 0;
  }
}
