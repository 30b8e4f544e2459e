package dev.sift.service.incidents;

import dev.sift.engine.TriageEngine;
import dev.sift.engine.UnknownTenantException;
import dev.sift.engine.incident.Incident;
import dev.sift.engine.incident.IncidentDetector;
import dev.sift.engine.incident.IncidentState;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
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

/** Possible major incidents: clusters of similar recent tickets that are improbable for their topic. */
@RestController
@RequestMapping(path = "/v1/tenants/{tenant}/incidents", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Incidents")
class IncidentsController {

  private final TriageEngine engine;
  private final IncidentStream stream;

  IncidentsController(TriageEngine engine, IncidentStream stream) {
    this.engine = engine;
    this.stream = stream;
  }

  @Operation(summary = "Stream new candidates", description = "Server-Sent Events: one `major-incident-candidate`"
      + " event per new candidate of the tenant, with the incident as JSON data and its id as the event id. A"
      + " client reconnecting with `Last-Event-ID` first gets the candidates raised since that one (of the last"
      + " `sift.incidents.stream.replay` kept; all of them when that id is no longer kept).")
  @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(@PathVariable String tenant,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
    requireTenant(tenant);
    return stream.subscribe(tenant, lastEventId);
  }

  /** The list answer. */
  record Incidents(List<Incident> incidents) {}

  @Operation(summary = "List major-incident candidates",
      description = "state=open (default) lists candidates not yet confirmed, dismissed or expired; state=all lists"
          + " every candidate still remembered. Newest first.")
  @GetMapping
  Incidents list(@PathVariable String tenant, @RequestParam(name = "state", defaultValue = "open") String state) {
    requireTenant(tenant);
    if (!state.equals("open") && !state.equals("all")) {
      throw ProblemException.invalidParameter("state", "state must be open or all, was '" + state + "'.");
    }
    return new Incidents(engine.incidents()
        .map(d -> d.incidents(tenant, state.equals("open"))).orElse(List.of()));
  }

  @Operation(summary = "Confirm a candidate as a major incident")
  @PostMapping("/{id}/confirm")
  Incident confirm(@PathVariable String tenant, @PathVariable String id) {
    return resolve(tenant, id, IncidentState.CONFIRMED);
  }

  @Operation(summary = "Dismiss a candidate as a false alarm")
  @PostMapping("/{id}/dismiss")
  Incident dismiss(@PathVariable String tenant, @PathVariable String id) {
    return resolve(tenant, id, IncidentState.DISMISSED);
  }

  private Incident resolve(String tenant, String id, IncidentState verdict) {
    requireTenant(tenant);
    IncidentDetector detector = engine.incidents().orElse(null);
    return (detector == null ? java.util.Optional.<Incident>empty() : detector.resolve(tenant, id, verdict))
        .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
            "Tenant '" + tenant + "' has no incident '" + id + "'.").with("incidentId", id));
  }

  private void requireTenant(String tenant) {
    if (!engine.knows(tenant)) { // history, or a taxonomy alone
      throw new UnknownTenantException(tenant);
    }
  }
}
