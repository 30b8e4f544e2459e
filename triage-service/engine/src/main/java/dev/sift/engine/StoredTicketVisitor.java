package dev.sift.engine;

import dev.sift.data.Ticket;

/**
 * Receives a stored ticket, its unit vector and the text that was embedded ({@link
 * TicketStore#forEach}).
 */
@FunctionalInterface
public interface StoredTicketVisitor {
  void visit(Ticket ticket, float[] vector, String preparedText);
}
