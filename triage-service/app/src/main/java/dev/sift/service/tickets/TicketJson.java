package dev.sift.service.tickets;

import dev.sift.data.TextNormalizer;
import dev.sift.data.Ticket;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A ticket as clients send it: the {@link Ticket} field names, instants in ISO-8601. Values are
 * normalised exactly as imported history is, so that labels sent live and labels imported compare
 * equal.
 */
@Schema(
    name = "Ticket",
    description = "A past or live ticket; id and a subject or a body are required")
record TicketJson(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "ACME-10001") String id,
    @Schema(example = "VPN ok but network drives missing") String subject,
    String body,
    @Schema(example = "Network") String category,
    @Schema(example = "VPN") String subcategory,
    @Schema(example = "P3") String priority,
    @Schema(example = "Network Operations") String assignmentGroup,
    String assignee,
    String requester,
    String client,
    @Schema(example = "2026-05-01T04:57:00Z") Instant createdAt,
    @Schema(example = "2026-05-01T06:45:00Z") Instant resolvedAt,
    String resolution) {

  /** A problem detail quotes an id only this far. */
  private static final int MAX_ECHOED_ID_CHARS = 64;

  static TicketJson of(Ticket t) {
    return new TicketJson(
        t.id(),
        t.subject(),
        t.body(),
        t.category(),
        t.subcategory(),
        t.priority(),
        t.assignmentGroup(),
        t.assignee(),
        t.requester(),
        t.client(),
        t.createdAt(),
        t.resolvedAt(),
        t.resolution());
  }

  /** The ticket, or a 400 problem naming its position in the request. */
  Ticket toTicket(int index) {
    String ticketId = Ticket.normalizeId(id);
    if (ticketId == null) {
      throw invalid(index, "has no id");
    }
    String idProblem = Ticket.idProblem(id);
    if (idProblem != null) {
      // Refused rather than stored: a ticket whose id no URL can carry could never be read or
      // erased by it.
      throw new ProblemException(
              ProblemType.INVALID_TICKET_ID,
              "Ticket at index "
                  + index
                  + ": the id '"
                  + abbreviate(ticketId)
                  + "' "
                  + idProblem
                  + ". Ids are "
                  + Ticket.ID_RULE
                  + ".")
          .with("index", index);
    }
    for (String[] field :
        new String[][] {
          {"subject", subject},
          {"body", body},
          {"category", category},
          {"subcategory", subcategory},
          {"priority", priority},
          {"assignmentGroup", assignmentGroup},
          {"assignee", assignee},
          {"requester", requester},
          {"client", client},
          {"resolution", resolution}
        }) {
      String tooLong = Ticket.fieldProblem(field[0], field[1]);
      if (tooLong != null) {
        throw invalid(index, "(id '" + abbreviate(ticketId) + "'): " + tooLong)
            .with("field", field[0]);
      }
    }
    if (!Ticket.isSupported(createdAt) || !Ticket.isSupported(resolvedAt)) {
      throw invalid(
          index, "(id '" + abbreviate(ticketId) + "') has a date outside years 1 to 9999");
    }
    String s = TextNormalizer.text(subject);
    String b = TextNormalizer.text(body);
    if (s == null && b == null) {
      throw invalid(index, "(id '" + ticketId + "') needs a subject or a body");
    }
    if (createdAt != null && resolvedAt != null && resolvedAt.isBefore(createdAt)) {
      throw invalid(index, "(id '" + ticketId + "') has resolvedAt before createdAt");
    }
    return new Ticket(
        ticketId,
        s,
        b,
        TextNormalizer.label(category),
        TextNormalizer.label(subcategory),
        TextNormalizer.label(priority),
        TextNormalizer.label(assignmentGroup),
        TextNormalizer.label(assignee),
        TextNormalizer.text(requester),
        TextNormalizer.text(client),
        createdAt,
        resolvedAt,
        TextNormalizer.text(resolution));
  }

  private static String abbreviate(String s) {
    return s.length() <= MAX_ECHOED_ID_CHARS ? s : s.substring(0, MAX_ECHOED_ID_CHARS) + "...";
  }

  static ProblemException invalid(int index, String what) {
    return new ProblemException(
            ProblemType.INVALID_TICKET, "Ticket at index " + index + " " + what + ".")
        .with("index", index);
  }
}
