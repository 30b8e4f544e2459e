package dev.sift.service.connectors;

import dev.sift.engine.TicketSource;
import dev.sift.engine.Tickets;
import dev.sift.engine.TriageEngine;
import dev.sift.engine.TriageResult;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import dev.sift.service.system.Problems;
import dev.sift.service.system.Signatures;
import dev.sift.service.system.WorkerTenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks of ticketing platforms. Each is authenticated by the platform's own signature or token,
 * not by a Sift API key (AccessFilter lets exactly these POSTs through to be checked here), and
 * triages against the connector's tenant. Zammad and Jira are answered 202 as soon as the ticket is
 * triaged; the suggestions are posted back to the platform afterwards, on the connector's own
 * threads.
 */
@RestController
@Tag(name = "Connectors")
@SecurityRequirements // no API key: each webhook carries the platform's signature or token instead
class ConnectorsController {

  private static final Logger log = LoggerFactory.getLogger(ConnectorsController.class);
  static final String PATH = "/v1/connectors/";
  static final String ZAMMAD_DELIVERY = "X-Zammad-Delivery";
  static final String JIRA_DELIVERY = "X-Atlassian-Webhook-Identifier";

  private final Connectors connectors;
  private final TriageEngine engine;
  private final Tickets tickets;
  private final JsonMapper json;
  private final Deliveries deliveries = new Deliveries();

  ConnectorsController(
      Connectors connectors, TriageEngine engine, Tickets tickets, JsonMapper json) {
    this.connectors = connectors;
    this.engine = engine;
    this.tickets = tickets;
    this.json = json;
  }

  /**
   * The answer to a webhook.
   *
   * @param status {@code write-back-queued}, {@code write-back-dropped} (the connector's queue was
   *     full), {@code triaged} (the connector does not write back), {@code ignored} (an event other
   *     than a new ticket), or {@code duplicate} (a delivery id handled before: nothing is done
   *     again)
   * @param ticket the platform's id of the ticket
   * @param stored whether the ticket was stored in the tenant as a live arrival
   */
  record WebhookAnswer(
      String connector,
      String tenant,
      String ticket,
      String status,
      boolean stored,
      TriageResult triage) {}

  @Operation(
      operationId = "zammadWebhook",
      summary = "Zammad trigger webhook",
      description =
          "Takes the payload of a Zammad webhook (a trigger on ticket creation), signed with HMAC-SHA1 "
              + "in X-Hub-Signature: sha1=<hex>. Triages the ticket, answers 202 with the triage, then sets group and "
              + "priority, adds tags and writes an internal note in Zammad; fields where Sift abstained are only named "
              + "in the note. Bad or missing signature: 401 invalid-signature; unknown connector: 404.",
      requestBody =
          @RequestBody(
              required = true,
              description =
                  "a Zammad webhook payload, the default or a custom one with ticket and article",
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON_VALUE,
                      schema = @Schema(type = "object"))),
      parameters =
          @Parameter(
              in = ParameterIn.HEADER,
              name = Signatures.HUB_SIGNATURE,
              schema = @Schema(type = "string"),
              description = "sha1=<hex HMAC-SHA1 of the body>"))
  @ApiResponse(
      responseCode = "200",
      description = "Duplicate delivery, or triaged without write-back",
      useReturnTypeSchema = true)
  @ApiResponse(
      responseCode = "202",
      description = "Triaged; the write-back is queued",
      useReturnTypeSchema = true)
  @Problems({
    ProblemType.UNKNOWN_CONNECTOR,
    ProblemType.INVALID_SIGNATURE,
    ProblemType.INVALID_TICKET
  })
  @PostMapping(
      path = PATH + Connectors.ZAMMAD + "/{name}",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Callable<ResponseEntity<WebhookAnswer>> zammad(
      @Parameter(description = "the connector, as named in sift.connectors.zammad.<name>")
          @PathVariable
          String name,
      HttpServletRequest request) {
    ConnectorProperties.Zammad config = connectors.zammad(name);
    WorkerTenant.bind(request, config.tenant());
    InboundTicket ticket =
        Payloads.zammad(
            verified(
                request,
                body ->
                    Signatures.Scheme.SHA1.verify(
                        config.secret(), body, request.getHeader(Signatures.HUB_SIGNATURE))));
    return once(
        Connectors.ZAMMAD,
        name,
        config.tenant(),
        request.getHeader(ZAMMAD_DELIVERY),
        ticket,
        () ->
            handle(
                Connectors.ZAMMAD,
                name,
                config.tenant(),
                ticket,
                config.storeTickets(),
                config.writeBack()
                    ? result -> ZammadWriteBack.plan(config, ticket, result, json)
                    : null));
  }

  @Operation(
      operationId = "jiraWebhook",
      summary = "Jira Service Management webhook",
      description =
          "Takes a Jira Cloud webhook event, signed with the webhook's secret (X-Hub-Signature: "
              + "sha256=<hex>). A jira:issue_created event is triaged and answered 202; then a component is added, "
              + "priority and request type are set and an internal comment is written; fields where Sift abstained "
              + "are only named in the comment. Other events: 200 ignored. Bad or missing signature: 401 "
              + "invalid-signature; unknown connector: 404.",
      requestBody =
          @RequestBody(
              required = true,
              description = "a Jira webhook event such as jira:issue_created",
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON_VALUE,
                      schema = @Schema(type = "object"))),
      parameters =
          @Parameter(
              in = ParameterIn.HEADER,
              name = Signatures.HUB_SIGNATURE,
              schema = @Schema(type = "string"),
              description = "sha256=<hex HMAC-SHA256 of the body>"))
  @ApiResponse(
      responseCode = "200",
      description = "Ignored event, duplicate delivery, or triaged without " + "write-back",
      useReturnTypeSchema = true)
  @ApiResponse(
      responseCode = "202",
      description = "Triaged; the write-back is queued",
      useReturnTypeSchema = true)
  @Problems({
    ProblemType.UNKNOWN_CONNECTOR,
    ProblemType.INVALID_SIGNATURE,
    ProblemType.INVALID_TICKET
  })
  @PostMapping(
      path = PATH + Connectors.JIRA + "/{name}",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Callable<ResponseEntity<WebhookAnswer>> jira(
      @Parameter(description = "the connector, as named in sift.connectors.jira.<name>")
          @PathVariable
          String name,
      HttpServletRequest request) {
    ConnectorProperties.Jira config = connectors.jira(name);
    WorkerTenant.bind(request, config.tenant());
    JsonNode root =
        verified(
            request,
            body ->
                Signatures.Scheme.SHA256.verify(
                    config.secret(), body, request.getHeader(Signatures.HUB_SIGNATURE)));
    String event = Payloads.jiraEvent(root);
    if (event != null && !event.equals(Payloads.JIRA_ISSUE_CREATED)) {
      return () ->
          ResponseEntity.ok(
              new WebhookAnswer(
                  Connectors.JIRA + "/" + name, config.tenant(), null, "ignored", false, null));
    }
    InboundTicket ticket = Payloads.jira(root);
    return once(
        Connectors.JIRA,
        name,
        config.tenant(),
        request.getHeader(JIRA_DELIVERY),
        ticket,
        () ->
            handle(
                Connectors.JIRA,
                name,
                config.tenant(),
                ticket,
                config.storeTickets(),
                config.writeBack()
                    ? result -> JiraWriteBack.plan(config, ticket, result, json)
                    : null));
  }

  @Operation(
      operationId = "genericWebhook",
      summary = "Generic webhook",
      description =
          "Takes any JSON payload, maps it onto a ticket with the connector's JSON pointers "
              + "(sift.connectors.generic.<name>.fields) and answers 200 with the triage, for the platform's own "
              + "automation to apply. Authenticated by X-Hub-Signature: sha256=<hex> (HMAC-SHA256 of the body) or by "
              + "an X-Sift-Token header, whichever the connector configures: else 401 invalid-signature.",
      requestBody =
          @RequestBody(
              required = true,
              description = "any JSON object; the connector maps it by JSON pointers",
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON_VALUE,
                      schema = @Schema(type = "object"))),
      parameters = {
        @Parameter(
            in = ParameterIn.HEADER,
            name = Signatures.HUB_SIGNATURE,
            schema = @Schema(type = "string"),
            description = "sha256=<hex HMAC-SHA256 of the body>, when the connector has a secret"),
        @Parameter(
            in = ParameterIn.HEADER,
            name = Signatures.TOKEN_HEADER,
            schema = @Schema(type = "string"),
            description = "the connector's token, when it has one instead of a secret")
      })
  @ApiResponse(responseCode = "200", description = "Triaged", useReturnTypeSchema = true)
  @Problems({
    ProblemType.UNKNOWN_CONNECTOR,
    ProblemType.INVALID_SIGNATURE,
    ProblemType.INVALID_TICKET
  })
  @PostMapping(
      path = PATH + Connectors.GENERIC + "/{name}",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Callable<ResponseEntity<WebhookAnswer>> generic(
      @Parameter(description = "the connector, as named in sift.connectors.generic.<name>")
          @PathVariable
          String name,
      HttpServletRequest request) {
    ConnectorProperties.Generic config = connectors.generic(name);
    WorkerTenant.bind(request, config.tenant());
    JsonNode root =
        verified(
            request,
            body ->
                config.usesToken()
                    ? Signatures.tokenMatches(
                        config.token(), request.getHeader(Signatures.TOKEN_HEADER))
                    : Signatures.Scheme.SHA256.verify(
                        config.secret(), body, request.getHeader(Signatures.HUB_SIGNATURE)));
    InboundTicket ticket = Payloads.generic(root, config.fields());
    return () ->
        handle(Connectors.GENERIC, name, config.tenant(), ticket, config.storeTickets(), null);
  }

  /**
   * Runs {@code work} unless the platform sent this delivery before; a delivery whose handling
   * failed can be sent again. Without a delivery id every request is handled.
   */
  private Callable<ResponseEntity<WebhookAnswer>> once(
      String platform,
      String name,
      String tenant,
      String delivery,
      InboundTicket ticket,
      Callable<ResponseEntity<WebhookAnswer>> work) {
    String connector = platform + "/" + name;
    return () -> {
      if (delivery == null || delivery.isBlank()) {
        return work.call();
      }
      if (!deliveries.claim(connector, delivery)) {
        log.info(
            "connector {}: delivery {} for ticket {} was handled before; skipped",
            connector,
            delivery,
            ticket.platformId());
        return ResponseEntity.ok(
            new WebhookAnswer(connector, tenant, ticket.platformId(), "duplicate", false, null));
      }
      try {
        return work.call();
      } catch (Exception e) {
        deliveries.release(connector, delivery);
        throw e;
      }
    };
  }

  /**
   * Triages (on the bounded worker pool, as this runs in the returned Callable), stores, queues the
   * write-back.
   */
  private ResponseEntity<WebhookAnswer> handle(
      String platform,
      String name,
      String tenant,
      InboundTicket ticket,
      boolean store,
      Function<TriageResult, WriteBackPlan> writeBack) {
    if (store && ticket.siftId() == null) {
      throw new ProblemException(
          ProblemType.INVALID_TICKET,
          "The connector stores tickets, and this payload has no ticket id.");
    }
    TriageResult result = engine.triage(tenant, ticket.toRequest());
    if (store) {
      tickets.upsert(tenant, List.of(ticket.toTicket()), TicketSource.LIVE);
    }
    String connector = platform + "/" + name;
    if (writeBack == null) {
      log.info(
          "connector {}: ticket {} triaged for tenant {}", connector, ticket.platformId(), tenant);
      return ResponseEntity.ok(
          new WebhookAnswer(connector, tenant, ticket.platformId(), "triaged", store, result));
    }
    boolean queued =
        connectors.queue(platform, name).submit(ticket.platformId(), writeBack.apply(result));
    log.info(
        "connector {}: ticket {} triaged for tenant {}; write-back {}",
        connector,
        ticket.platformId(),
        tenant,
        queued ? "queued" : "dropped");
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(
            new WebhookAnswer(
                connector,
                tenant,
                ticket.platformId(),
                queued ? "write-back-queued" : "write-back-dropped",
                store,
                result));
  }

  /**
   * The payload, once its raw bytes pass the connector's signature or token check; nothing is
   * parsed before.
   */
  private JsonNode verified(HttpServletRequest request, Predicate<byte[]> authentic) {
    byte[] body = read(request);
    if (!authentic.test(body)) {
      throw new ProblemException(
          ProblemType.INVALID_SIGNATURE,
          "The webhook's signature or token is missing or "
              + "does not match the connector's secret; check the secret configured on both sides.");
    }
    return parse(body);
  }

  /**
   * The raw body, which the signature covers byte for byte, up to the connectors' payload limit.
   */
  private byte[] read(HttpServletRequest request) {
    long max = connectors.maxPayloadBytes();
    if (request.getContentLengthLong() > max) {
      throw ProblemException.payloadTooLarge(max, "A webhook payload");
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(Math.toIntExact(max + 1));
      if (body.length > max) {
        throw ProblemException.payloadTooLarge(max, "A webhook payload");
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the webhook body", e);
    }
  }

  private JsonNode parse(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      var location = e.getLocation();
      throw new ProblemException(
          ProblemType.MALFORMED_BODY,
          "The webhook payload is not valid JSON"
              + (location != null
                  ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"
                  : "")
              + ".");
    }
    if (root == null || !root.isObject()) {
      throw new ProblemException(
          ProblemType.MALFORMED_BODY, "The webhook payload is not a JSON object.");
    }
    return root;
  }
}
