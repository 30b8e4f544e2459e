package dev.sift.engine;

import dev.sift.data.Ticket;
import dev.sift.engine.coldstart.ColdStart;
import dev.sift.engine.incident.IncidentDetector;
import dev.sift.engine.incident.TicketArrival;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Live tickets, as a service desk sends them one by one or in small batches: stores them (which
 * also scores the suggestions made for them and feeds new arrivals to incident detection), reads
 * one back and deletes one. Bulk history goes through {@link History} instead.
 */
public final class Tickets {

  private final TicketStore store;
  private final TenantFits fits;
  private final Clock clock;
  private final ColdStart coldStart;
  private final IncidentDetector incidents;

  Tickets(
      TicketStore store,
      TenantFits fits,
      Clock clock,
      ColdStart coldStart,
      IncidentDetector incidents) {
    this.store = store;
    this.fits = fits;
    this.clock = clock;
    this.coldStart = coldStart;
    this.incidents = incidents;
  }

  /**
   * Stores tickets durably; calibration catches up in the background as history grows. The batch's
   * arrivals, as {@link TicketSource#AUTO} tells them apart from a history sync, also enter the
   * tenant's incident window.
   */
  public void upsert(String tenant, List<Ticket> tickets) {
    upsert(tenant, tickets, TicketSource.AUTO);
  }

  /**
   * Stores tickets durably; calibration catches up in the background as history grows. Tickets that
   * {@code source} counts as arrivals also enter the tenant's incident window; past tickets do not.
   */
  public void upsert(String tenant, List<Ticket> tickets, TicketSource source) {
    List<float[]> vectors;
    fits.writing(tenant);
    try {
      vectors = store.upsert(tenant, tickets);
    } finally {
      fits.written(tenant);
    }
    fits.maybeRefresh(tenant, store.count(tenant));
    if (coldStart != null) {
      coldStart.predictions().score(tenant, tickets);
    }
    if (incidents != null) {
      Instant now = clock.instant();
      for (int i : source.arrivals(tickets, now, incidents.settings().expiry())) {
        Ticket t = tickets.get(i);
        incidents.observe(
            tenant,
            new TicketArrival(
                t.id(),
                t.subject(),
                t.requester(),
                t.client(),
                t.createdAt() != null ? t.createdAt() : now),
            vectors.get(i));
      }
    }
  }

  /** The ticket as stored, after normalisation; empty for an unknown tenant or ticket. */
  public Optional<Ticket> get(String tenant, String id) {
    return store.get(tenant, id);
  }

  /**
   * Deletes a ticket from the index and forgets it in the tenant's incident window, which keeps
   * subjects and requesters of recent tickets (also of triaged tickets that were never stored);
   * returns whether either held it.
   */
  public boolean delete(String tenant, String id) {
    boolean deleted = store.delete(tenant, id);
    if (deleted) {
      fits.maybeRefresh(tenant, store.count(tenant));
    }
    boolean forgotten = incidents != null && incidents.forget(tenant, id);
    return deleted || forgotten;
  }
}
