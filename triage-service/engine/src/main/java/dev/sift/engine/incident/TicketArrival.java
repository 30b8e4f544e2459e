package dev.sift.engine.incident;

import java.time.Instant;

/**
 * An incoming ticket as the detector sees it.
 *
 * @param id the ticket id, or null for a triage of a ticket not yet stored; a known id is counted
 *     once per cluster
 * @param createdAt ticket time; it drives the window, so a replay behaves as it did live
 */
public record TicketArrival(
    String id, String subject, String requester, String client, Instant createdAt) {}
