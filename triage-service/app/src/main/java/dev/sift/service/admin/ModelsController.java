package dev.sift.service.admin;

import dev.sift.engine.History;
import dev.sift.index.TenantNames;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import dev.sift.service.system.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Which embedding model each tenant's vectors come from, and re-embedding them with the configured
 * one.
 */
@RestController
@Tag(name = "Admin")
class ModelsController {

  private final History history;
  private final Jobs jobs;

  ModelsController(History history, Jobs jobs) {
    this.history = history;
    this.jobs = jobs;
  }

  /** The configured model, and each tenant's. */
  record Models(String configured, Map<String, String> tenants, List<String> needReembed) {}

  @Operation(
      operationId = "models",
      summary = "Embedding models in use",
      description =
          "The configured model and the model of each "
              + "tenant's stored vectors; tenants on another model are listed in needReembed.")
  @GetMapping(path = "/v1/admin/models", produces = MediaType.APPLICATION_JSON_VALUE)
  Models models() {
    return new Models(
        history.embeddingModel(), history.tenantEmbeddingModels(), history.tenantsOnOtherModels());
  }

  @Operation(
      operationId = "reembed",
      summary = "Re-embed tenants with the configured model",
      description =
          "A job (202) that rebuilds, "
              + "one tenant at a time, every tenant whose vectors come from another model (or only ?tenant=), beside its "
              + "live index; each tenant keeps answering with its old model until its swap.")
  @ApiResponse(
      responseCode = "202",
      description = "The job; its URL is in Location",
      useReturnTypeSchema = true,
      headers =
          @Header(
              name = "Location",
              description = "/v1/jobs/{id}",
              schema = @Schema(type = "string")))
  @Problems(ProblemType.INVALID_PARAMETER)
  @PostMapping(path = "/v1/admin/reembed", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<JobView> reembed(@RequestParam(name = "tenant", required = false) String tenant) {
    List<String> tenants;
    if (tenant != null) {
      if (!TenantNames.isValid(tenant) || !history.hasHistory(tenant)) {
        throw ProblemException.invalidParameter(
            "tenant",
            "There is no tenant '"
                + (TenantNames.isValid(tenant) ? tenant : "(invalid name)")
                + "' to re-embed.");
      }
      tenants = List.of(tenant);
    } else {
      tenants = history.tenantsOnOtherModels();
    }
    JobView job = jobs.submitReembed(tenants, history);
    return ResponseEntity.accepted().location(URI.create("/v1/jobs/" + job.id())).body(job);
  }
}
