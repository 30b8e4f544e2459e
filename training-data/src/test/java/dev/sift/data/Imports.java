package dev.sift.data;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: reads text with a reader and keeps what came out. */
record Imports(List<Ticket> tickets, ImportReport report) {

  static Imports read(TicketReader reader, String text) {
    return read(reader, text.getBytes(StandardCharsets.UTF_8));
  }

  static Imports read(TicketReader reader, byte[] bytes) {
    List<Ticket> tickets = new ArrayList<>();
    ImportReport report = reader.read(new ByteArrayInputStream(bytes), tickets::add);
    return new Imports(tickets, report);
  }

  static TicketReader csv(String mapping) {
    return TicketReader.builder()
        .mapping(ColumnMapping.parse(mapping))
        .format(TicketReader.Format.CSV)
        .build();
  }

  Ticket ticket(String id) {
    return tickets.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
  }
}
