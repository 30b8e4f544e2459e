package dev.sift.data;

import java.util.List;

/** All tickets of a small file with the report of reading it; see {@link TicketReader#readAll}. */
public record ReadResult(List<Ticket> tickets, ImportReport report) {

  public ReadResult {
    tickets = List.copyOf(tickets);
  }
}
