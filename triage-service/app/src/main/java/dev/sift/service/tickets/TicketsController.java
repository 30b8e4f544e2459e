package dev.sift.service.tickets;

import dev.sift.data.Ticket;
import dev.sift.engine.Tenants;
import dev.sift.engine.TicketSource;
import dev.sift.engine.Tickets;
import dev.sift.engine.UnknownTenantException;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import dev.sift.service.system.Problems;
import dev.sift.service.system.SiftProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live changes to a tenant's history: tickets created or updated in the service desk, and
 * deletions.
 */
@RestController
@RequestMapping("/v1/tenants/{tenant}/tickets")
@Tag(name = "Tickets")
class TicketsController {

  private static final String ID_PARAMETER = "id";

  private final Tickets tickets;
  private final Tenants tenants;
  private final JsonMapper json;
  private final int maxBatchSize;

  TicketsController(Tickets tickets, Tenants tenants, JsonMapper json, SiftProperties properties) {
    this.tickets = tickets;
    this.tenants = tenants;
    this.json = json;
    this.maxBatchSize = properties.limits().maxBatchSize();
  }

  /** The answer to an upsert. */
  record Upserted(int upserted) {}

  @Operation(
      operationId = "upsertTickets",
      summary = "Insert or replace tickets",
      description =
          "Takes one ticket or an array of up to sift.limits.max-batch-size tickets and stores them "
              + "durably in one write. Creates the tenant when it is new (201); otherwise 200.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON_VALUE,
                      schema = @Schema(oneOf = {TicketJson.class, TicketJson[].class}))))
  @ApiResponse(responseCode = "200", description = "Stored", useReturnTypeSchema = true)
  @ApiResponse(
      responseCode = "201",
      description = "Stored; the tenant was created",
      useReturnTypeSchema = true)
  @Problems({
    ProblemType.INVALID_TICKET,
    ProblemType.INVALID_TICKET_ID,
    ProblemType.BATCH_TOO_LARGE,
    ProblemType.INVALID_PARAMETER,
    ProblemType.MODEL_UNAVAILABLE
  })
  @PostMapping(
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Callable<ResponseEntity<Upserted>> upsert(
      @PathVariable String tenant,
      @RequestBody JsonNode body,
      @io.swagger.v3.oas.annotations.Parameter(
              description =
                  "live: new tickets, which enter major-incident "
                      + "detection unless resolved or created before its window; history: past tickets, which never do; auto "
                      + "(default): a batch of more than "
                      + TicketSource.MAX_LIVE_BATCH
                      + " tickets is history, a smaller one "
                      + "live")
          @RequestParam(name = "source", defaultValue = "auto")
          @Schema(allowableValues = {"live", "history", "auto"})
          String sourceName) {
    TicketSource source = source(sourceName);
    List<JsonNode> items = items(body);
    List<Ticket> tickets = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      tickets.add(ticket(items.get(i), i));
    }
    // Embedding a batch takes seconds: it runs on the bounded worker pool, like triage.
    return () -> {
      boolean created = !tickets.isEmpty() && !tenants.hasHistory(tenant);
      this.tickets.upsert(tenant, tickets, source);
      return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
          .body(new Upserted(tickets.size()));
    };
  }

  @Operation(
      operationId = "getTicket",
      summary = "Read a stored ticket",
      description =
          "The ticket as stored, after normalisation; 404 for "
              + "an unknown tenant or ticket. The id is compared after the normalisation ids get when stored (NFC, "
              + "trimmed).")
  @Problems({ProblemType.UNKNOWN_TENANT, ProblemType.UNKNOWN_TICKET})
  @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  TicketJson get(@PathVariable String tenant, @PathVariable String id) {
    requireTenant(tenant);
    return tickets
        .get(tenant, stored(id))
        .map(TicketJson::of)
        .orElseThrow(() -> unknownTicket(tenant, id));
  }

  @Operation(
      operationId = "getTicketByParameter",
      summary = "Read a stored ticket by a query parameter",
      description =
          "As GET /tickets/{id}, for any "
              + "id, including one stored before ids were checked that a URL path cannot carry (a '/' or a '\\').")
  @Problems({ProblemType.UNKNOWN_TENANT, ProblemType.UNKNOWN_TICKET})
  @GetMapping(params = ID_PARAMETER, produces = MediaType.APPLICATION_JSON_VALUE)
  TicketJson getByParameter(@PathVariable String tenant, @RequestParam(ID_PARAMETER) String id) {
    return get(tenant, id);
  }

  @Operation(
      operationId = "deleteTicket",
      summary = "Delete a ticket",
      description = "204 when deleted; 404 for an unknown tenant or ticket.")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @Problems({ProblemType.UNKNOWN_TENANT, ProblemType.UNKNOWN_TICKET})
  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable String tenant, @PathVariable String id) {
    requireTenant(tenant);
    if (!tickets.delete(tenant, stored(id))) {
      throw unknownTicket(tenant, id);
    }
    return ResponseEntity.noContent().build();
  }

  private static TicketSource source(String name) {
    for (TicketSource s : TicketSource.values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw ProblemException.invalidParameter(
        "source", "source must be live, history or auto, was '" + name + "'.");
  }

  @Operation(
      operationId = "deleteTicketByParameter",
      summary = "Delete a ticket by a query parameter",
      description =
          "As DELETE /tickets/{id}, for any "
              + "id, so that every stored ticket can be erased, including one stored before ids were checked that a URL "
              + "path cannot carry.")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @Problems({ProblemType.UNKNOWN_TENANT, ProblemType.UNKNOWN_TICKET})
  @DeleteMapping(params = ID_PARAMETER)
  ResponseEntity<Void> deleteByParameter(
      @PathVariable String tenant, @RequestParam(ID_PARAMETER) String id) {
    return delete(tenant, id);
  }

  private void requireTenant(String tenant) {
    if (!tenants.hasHistory(tenant)) {
      throw new UnknownTenantException(tenant);
    }
  }

  /** The id as stored: every way in stores ids normalised, so a lookup normalises too. */
  private static String stored(String id) {
    String normalized = Ticket.normalizeId(id);
    return normalized == null ? id : normalized;
  }

  private static ProblemException unknownTicket(String tenant, String id) {
    return new ProblemException(
            ProblemType.UNKNOWN_TICKET, "Tenant '" + tenant + "' has no ticket '" + id + "'.")
        .with("ticketId", id);
  }

  private List<JsonNode> items(JsonNode body) {
    if (body.isObject()) {
      return List.of(body);
    }
    if (!body.isArray()) {
      throw new ProblemException(
          ProblemType.MALFORMED_BODY,
          "The request body must be a ticket object or an array of ticket objects.");
    }
    if (body.size() > maxBatchSize) {
      throw new ProblemException(
              ProblemType.BATCH_TOO_LARGE,
              "The request has "
                  + body.size()
                  + " tickets; at most "
                  + maxBatchSize
                  + " are accepted at once. Split it, or upload history instead.")
          .with("maxBatchSize", maxBatchSize)
          .with("size", body.size());
    }
    List<JsonNode> items = new ArrayList<>(body.size());
    body.forEach(items::add);
    return items;
  }

  private Ticket ticket(JsonNode node, int index) {
    if (!node.isObject()) {
      throw TicketJson.invalid(index, "is not a JSON object");
    }
    TicketJson ticket;
    try {
      ticket = json.treeToValue(node, TicketJson.class);
    } catch (JacksonException e) {
      String field = e.getPath().isEmpty() ? null : e.getPath().getFirst().getPropertyName();
      throw TicketJson.invalid(
          index,
          field == null
              ? "cannot be read"
              : "has an invalid value for '"
                  + field
                  + "'"
                  + (field.endsWith("At")
                      ? " (expected an ISO-8601 instant such as 2026-05-01T09:30:00Z)"
                      : ""));
    }
    return ticket.toTicket(index);
  }
}
