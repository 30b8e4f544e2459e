package dev.sift.service.connectors;

import dev.sift.engine.Tickets;
import dev.sift.engine.TriageEngine;
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
import java.util.concurrent.Callable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
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

  static final String PATH = "/v1/connectors/";
  static final String ZAMMAD_DELIVERY = "X-Zammad-Delivery";
  static final String JIRA_DELIVERY = "X-Atlassian-Webhook-Identifier";

  private final Connectors connectors;
  private final JsonMapper json;
  private final WebhookBodies bodies;
  private final WebhookTriage triage;

  ConnectorsController(
      Connectors connectors, TriageEngine engine, Tickets tickets, JsonMapper json) {
    this.connectors = connectors;
    this.json = json;
    this.bodies = new WebhookBodies(connectors, json);
    this.triage = new WebhookTriage(connectors, engine, tickets);
  }

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
            bodies.verified(
                request,
                body ->
                    Signatures.Scheme.SHA1.verify(
                        config.secret(), body, request.getHeader(Signatures.HUB_SIGNATURE))));
    return triage.once(
        Connectors.ZAMMAD,
        name,
        config.tenant(),
        request.getHeader(ZAMMAD_DELIVERY),
        ticket,
        () ->
            triage.handle(
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
      description = "Ignored event, duplicate delivery, or triaged without write-back",
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
        bodies.verified(
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
    return triage.once(
        Connectors.JIRA,
        name,
        config.tenant(),
        request.getHeader(JIRA_DELIVERY),
        ticket,
        () ->
            triage.handle(
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
        bodies.verified(
            request,
            body ->
                config.usesToken()
                    ? Signatures.tokenMatches(
                        config.token(), request.getHeader(Signatures.TOKEN_HEADER))
                    : Signatures.Scheme.SHA256.verify(
                        config.secret(), body, request.getHeader(Signatures.HUB_SIGNATURE)));
    InboundTicket ticket = Payloads.generic(root, config.fields());
    return () ->
        triage.handle(
            Connectors.GENERIC, name, config.tenant(), ticket, config.storeTickets(), null);
  }
}
