package dev.sift.evaluation.replay;

import dev.sift.data.Ticket;
import java.time.Instant;

/**
 * A ticket of a replayed stream.
 *
 * @param burst the labelled burst the ticket belongs to, or null for background traffic
 */
record StreamTicket(Ticket ticket, String burst) {

  Instant at() {
    return ticket.createdAt();
  }

  /** The ticket with every field kept and a new creation time. */
  static Ticket at(Ticket t, Instant createdAt) {
    return copy(t, t.id(), t.subject(), t.body(), t.requester(), createdAt);
  }

  static Ticket copy(
      Ticket t, String id, String subject, String body, String requester, Instant createdAt) {
    return Ticket.builder(id)
        .subject(subject)
        .body(body)
        .category(t.category())
        .subcategory(t.subcategory())
        .priority(t.priority())
        .assignmentGroup(t.assignmentGroup())
        .assignee(t.assignee())
        .requester(requester)
        .client(t.client())
        .createdAt(createdAt)
        .resolvedAt(t.resolvedAt())
        .resolution(t.resolution())
        .build();
  }
}
