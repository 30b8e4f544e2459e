package dev.sift.engine;

import dev.sift.data.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What an upsert carries, as far as major-incident detection cares: only arrivals belong in the
 * incident window. A platform syncing its history pushes thousands of past tickets, often without
 * {@code createdAt}; counted as arriving now, they would raise dozens of false candidates and drown
 * a real burst.
 */
public enum TicketSource {
  /** New tickets: each enters the window unless it is already resolved or older than the window. */
  LIVE,
  /** Past tickets: stored as history, none enters the window. */
  HISTORY,
  /**
   * Decided per batch: a batch larger than {@link #MAX_LIVE_BATCH} is a history sync, a smaller one
   * is live.
   */
  AUTO;

  /**
   * The largest batch {@link #AUTO} takes for live tickets. Platforms send new tickets one by one
   * or a few at a time as they arrive; hundreds at once are a sync. A platform that does batch live
   * tickets says {@link #LIVE}.
   */
  public static final int MAX_LIVE_BATCH = 20;

  /**
   * Whether the ticket is an arrival that the incident window should see.
   *
   * @param batchSize tickets in the upsert it came with
   * @param now the engine's clock
   * @param window how long a cluster stays open after its last ticket: a ticket created before that
   *     is no arrival
   */
  public boolean arrives(Ticket ticket, int batchSize, Instant now, Duration window) {
    if (this == HISTORY || this == AUTO && batchSize > MAX_LIVE_BATCH) {
      return false;
    }
    if (ticket.resolvedAt() != null) {
      return false;
    }
    return ticket.createdAt() == null || !ticket.createdAt().isBefore(now.minus(window));
  }

  /** The arrivals of one upsert. */
  public List<Integer> arrivals(List<Ticket> tickets, Instant now, Duration window) {
    return java.util.stream.IntStream.range(0, tickets.size())
        .filter(i -> arrives(tickets.get(i), tickets.size(), now, window))
        .boxed()
        .toList();
  }
}
