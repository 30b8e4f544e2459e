package dev.sift.service.triage;

import dev.sift.engine.TriageEngine;
import dev.sift.engine.TriageResult;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import dev.sift.service.system.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.Callable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Suggestions for a new ticket from the tenant's nearest past tickets. */
@RestController
@Tag(name = "Triage")
class TriageController {

  private final TriageEngine engine;

  TriageController(TriageEngine engine) {
    this.engine = engine;
  }

  @Operation(
      operationId = "triage",
      summary = "Triage a new ticket",
      description =
          "Suggests a value per label field with a calibrated confidence (abstaining below the field's "
              + "threshold), an ETA, and the past tickets behind the suggestions. Fields with enough history are "
              + "answered by neighbours, the others by cold start (zero-shot over the tenant's taxonomy, or the "
              + "configured LLM); `method` says which, per field where they differ, and `degraded` says when the LLM "
              + "failed or was busy and zero-shot answered instead. A tenant with only a taxonomy is triaged too. Unknown tenant: "
              + "404.")
  @Problems({
    ProblemType.UNKNOWN_TENANT,
    ProblemType.INVALID_TICKET,
    ProblemType.INVALID_TICKET_ID,
    ProblemType.INVALID_PARAMETER,
    ProblemType.MODEL_UNAVAILABLE
  })
  @PostMapping(
      path = "/v1/tenants/{tenant}/triage",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Callable<TriageResult> triage(
      @PathVariable String tenant,
      @Parameter(
              description = "neighbours that vote, 1 to sift.triage.max-k; default sift.triage.k")
          @RequestParam(name = "k", required = false)
          Integer k,
      @RequestBody TriageRequestBody ticket) {
    int maxK = engine.settings().maxK();
    int neighbours = k == null ? engine.settings().k() : k;
    if (neighbours < 1 || neighbours > maxK) {
      throw ProblemException.invalidParameter(
              "k", "k must be between 1 and " + maxK + ", was " + k + ".")
          .with("maxK", maxK);
    }
    // The LLM's budget counts from here, so that time queued for a worker comes out of it.
    java.time.Instant arrived = java.time.Instant.now();
    // Runs on the bounded worker pool (WebConfiguration), which sheds load and enforces the request
    // timeout.
    return () -> engine.triage(tenant, ticket.toRequest(), neighbours, arrived);
  }
}
