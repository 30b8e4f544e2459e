package dev.sift.service.incidents;

import dev.sift.engine.MajorIncidents;
import dev.sift.engine.Tenants;
import dev.sift.engine.UnknownTenantException;
import dev.sift.engine.incident.Incident;
import dev.sift.engine.incident.IncidentState;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import dev.sift.service.system.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Possible major incidents: clusters of similar recent tickets that are improbable for their topic.
 */
@RestController
@RequestMapping(
    path = "/v1/tenants/{tenant}/incidents",
    produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Incidents")
class IncidentsController {

  private final MajorIncidents incidents;
  private final Tenants tenants;
  private final IncidentStream stream;

  IncidentsController(MajorIncidents incidents, Tenants tenants, IncidentStream stream) {
    this.incidents = incidents;
    this.tenants = tenants;
    this.stream = stream;
  }

  @Operation(
      operationId = "streamIncidents",
      summary = "Stream new candidates",
      description =
          "Server-Sent Events: one `major-incident-candidate`"
              + " event per new candidate of the tenant, with the incident as JSON data and its id as the event id. A"
              + " client reconnecting with `Last-Event-ID` first gets the candidates raised since that one (of the last"
              + " `sift.incidents.stream.replay` kept; all of them when that id is no longer kept).")
  @ApiResponse(
      responseCode = "200",
      description = "An event stream that stays open",
      content =
          @Content(
              mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(type = "string")))
  @Problems({ProblemType.UNKNOWN_TENANT, ProblemType.TOO_MANY_STREAMS, ProblemType.UNAVAILABLE})
  @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(
      @PathVariable String tenant,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
    requireTenant(tenant);
    return stream.subscribe(tenant, lastEventId);
  }

  /** The list answer. */
  record Incidents(List<Incident> incidents) {}

  @Operation(
      operationId = "listIncidents",
      summary = "List major-incident candidates",
      description =
          "state=open (default) lists candidates not yet confirmed, dismissed or expired; state=all lists"
              + " every candidate still remembered. Newest first.")
  @Problems({ProblemType.UNKNOWN_TENANT, ProblemType.INVALID_PARAMETER})
  @GetMapping
  Incidents list(
      @PathVariable String tenant,
      @RequestParam(name = "state", defaultValue = "open")
          @Schema(allowableValues = {"open", "all"})
          String state) {
    requireTenant(tenant);
    if (!state.equals("open") && !state.equals("all")) {
      throw ProblemException.invalidParameter(
          "state", "state must be open or all, was '" + state + "'.");
    }
    return new Incidents(incidents.list(tenant, state.equals("open")));
  }

  @Operation(operationId = "confirmIncident", summary = "Confirm a candidate as a major incident")
  @Problems({ProblemType.UNKNOWN_TENANT, ProblemType.NOT_FOUND})
  @PostMapping("/{id}/confirm")
  Incident confirm(@PathVariable String tenant, @PathVariable String id) {
    return resolve(tenant, id, IncidentState.CONFIRMED);
  }

  @Operation(operationId = "dismissIncident", summary = "Dismiss a candidate as a false alarm")
  @Problems({ProblemType.UNKNOWN_TENANT, ProblemType.NOT_FOUND})
  @PostMapping("/{id}/dismiss")
  Incident dismiss(@PathVariable String tenant, @PathVariable String id) {
    return resolve(tenant, id, IncidentState.DISMISSED);
  }

  private Incident resolve(String tenant, String id, IncidentState verdict) {
    requireTenant(tenant);
    return incidents
        .resolve(tenant, id, verdict)
        .orElseThrow(
            () ->
                new ProblemException(
                        ProblemType.NOT_FOUND,
                        "Tenant '" + tenant + "' has no incident '" + id + "'.")
                    .with("incidentId", id));
  }

  private void requireTenant(String tenant) {
    if (!tenants.exists(tenant)) { // history, or a taxonomy alone
      throw new UnknownTenantException(tenant);
    }
  }
}
