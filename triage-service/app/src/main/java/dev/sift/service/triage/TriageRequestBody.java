package dev.sift.service.triage;

import dev.sift.data.TextNormalizer;
import dev.sift.data.Ticket;
import dev.sift.engine.TriageRequest;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A new ticket to triage. Only a subject or a body is required. Text is normalised exactly as
 * imported history is.
 *
 * @param id the ticket's own id, if it is already stored, so that it is not its own neighbour
 */
@Schema(
    name = "TriageRequest",
    description = "A new ticket to triage; a subject or a body is required")
record TriageRequestBody(
    @Schema(
            description =
                "the ticket's id, when it is stored already (it is then never its own neighbour)")
        String id,
    @Schema(example = "VPN connects but network drives are missing") String subject,
    @Schema(
            example =
                "Since this morning the mapped drives show a red cross when working from home.")
        String body,
    String requester,
    String client,
    @Schema(description = "ISO-8601 instant", example = "2026-05-01T09:30:00Z") Instant createdAt) {

  TriageRequest toRequest() {
    for (String[] field :
        new String[][] {
          {"subject", subject}, {"body", body}, {"requester", requester}, {"client", client}
        }) {
      String tooLong = Ticket.fieldProblem(field[0], field[1]);
      if (tooLong != null) {
        throw new ProblemException(ProblemType.INVALID_TICKET, "The ticket's " + tooLong + ".")
            .with("field", field[0]);
      }
    }
    String s = TextNormalizer.text(subject);
    String b = TextNormalizer.text(body);
    if (s == null && b == null) {
      throw new ProblemException(
          ProblemType.INVALID_TICKET, "A ticket to triage needs a subject or a body.");
    }
    if (!Ticket.isSupported(createdAt)) {
      // A far-future createdAt would otherwise enter the incident window and overflow its date
      // arithmetic.
      throw new ProblemException(
              ProblemType.INVALID_TICKET, "createdAt " + createdAt + " is outside years 1 to 9999.")
          .with("field", "createdAt");
    }
    // A blank id means none; any other is held to the rule of stored ids, as the incident window
    // keeps it.
    String idProblem = Ticket.normalizeId(id) == null ? null : Ticket.idProblem(id);
    if (idProblem != null) {
      throw new ProblemException(
              ProblemType.INVALID_TICKET_ID,
              "The id " + idProblem + ". Ids are " + Ticket.ID_RULE + ".")
          .with("field", "id");
    }
    return new TriageRequest(
        Ticket.normalizeId(id),
        s,
        b,
        TextNormalizer.text(requester),
        TextNormalizer.text(client),
        createdAt);
  }
}
