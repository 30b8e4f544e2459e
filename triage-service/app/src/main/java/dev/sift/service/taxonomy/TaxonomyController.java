package dev.sift.service.taxonomy;

import dev.sift.engine.Taxonomies;
import dev.sift.engine.Tenants;
import dev.sift.engine.UnknownTenantException;
import dev.sift.engine.coldstart.InvalidTaxonomyException;
import dev.sift.engine.coldstart.Taxonomy;
import dev.sift.engine.coldstart.TaxonomyTooLargeException;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import dev.sift.service.system.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's taxonomy: the values cold-start triage may answer, each with a short description. */
@RestController
@Tag(name = "Taxonomy")
class TaxonomyController {

  /**
   * Response header saying whether the taxonomy was put ({@code explicit}) or read off the history.
   */
  static final String SOURCE_HEADER = "Sift-Taxonomy-Source";

  /**
   * Response header of a GET saying whether the tenant's zero-shot model is being built ({@code
   * building}: its cold-start fields abstain, degraded {@code cold-start-building}) or not ({@code
   * ready}).
   */
  static final String MODEL_HEADER = "Sift-Cold-Start-Model";

  private final Taxonomies taxonomies;
  private final Tenants tenants;

  TaxonomyController(Taxonomies taxonomies, Tenants tenants) {
    this.taxonomies = taxonomies;
    this.tenants = tenants;
  }

  @Operation(
      operationId = "putTaxonomy",
      summary = "Set a tenant's taxonomy",
      description =
          "Keys are suggestion fields (category, subcategory, priority, assignmentGroup, assignee); each "
              + "entry has a name, a short description and optional example subjects. Creates the tenant if it is new "
              + "(201); it is then triaged by cold start from its first ticket. The zero-shot model is built in the "
              + "background: until it is ready, cold-start fields abstain (degraded: cold-start-building). A taxonomy "
              + "of more than 5,000 texts (entries plus examples) is 413 taxonomy-too-large.")
  @ApiResponse(
      responseCode = "200",
      description = "Set",
      useReturnTypeSchema = true,
      headers =
          @Header(
              name = SOURCE_HEADER,
              description = "explicit",
              schema = @Schema(type = "string")))
  @ApiResponse(
      responseCode = "201",
      description = "Set; the tenant was created",
      useReturnTypeSchema = true,
      headers =
          @Header(
              name = SOURCE_HEADER,
              description = "explicit",
              schema = @Schema(type = "string")))
  @Problems({ProblemType.INVALID_TAXONOMY, ProblemType.TAXONOMY_TOO_LARGE})
  @PutMapping(
      path = "/v1/tenants/{tenant}/taxonomy",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, List<Taxonomy.Entry>>> put(
      @PathVariable String tenant, @RequestBody Map<String, List<Taxonomy.Entry>> body) {
    Taxonomy taxonomy;
    try {
      taxonomy = Taxonomy.validated(body);
    } catch (TaxonomyTooLargeException e) {
      throw new ProblemException(ProblemType.TAXONOMY_TOO_LARGE, capitalised(e.getMessage()) + ".")
          .with("maxTexts", e.maxTexts())
          .with("texts", e.texts());
    } catch (InvalidTaxonomyException e) {
      throw new ProblemException(ProblemType.INVALID_TAXONOMY, capitalised(e.getMessage()) + ".");
    }
    boolean created = !tenants.exists(tenant);
    taxonomies.put(tenant, taxonomy);
    // Embedding the taxonomy runs in the background; until it is done the tenant's cold-start
    // fields abstain.
    taxonomies.prepare(tenant);
    return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
        .header(SOURCE_HEADER, "explicit")
        .body(taxonomy.fields());
  }

  @Operation(
      operationId = "getTaxonomy",
      summary = "Get a tenant's taxonomy",
      description =
          "The taxonomy that was put, else one derived from the labels of the tenant's history "
              + "(header Sift-Taxonomy-Source says which); header Sift-Cold-Start-Model says whether its zero-shot model "
              + "is still being built (building) or not (ready). Unknown tenant: 404.")
  @ApiResponse(
      responseCode = "200",
      description = "The taxonomy",
      useReturnTypeSchema = true,
      headers = {
        @Header(
            name = SOURCE_HEADER,
            description = "explicit or derived",
            schema =
                @Schema(
                    type = "string",
                    allowableValues = {"explicit", "derived"})),
        @Header(
            name = MODEL_HEADER,
            description = "whether the zero-shot model is still being built",
            schema =
                @Schema(
                    type = "string",
                    allowableValues = {"building", "ready"}))
      })
  @Problems(ProblemType.UNKNOWN_TENANT)
  @GetMapping(path = "/v1/tenants/{tenant}/taxonomy", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, List<Taxonomy.Entry>>> get(@PathVariable String tenant) {
    if (!tenants.exists(tenant)) {
      throw new UnknownTenantException(tenant);
    }
    String source = taxonomies.isExplicit(tenant) ? "explicit" : "derived";
    Taxonomy taxonomy = taxonomies.get(tenant).orElseGet(() -> new Taxonomy(Map.of()));
    return ResponseEntity.ok()
        .header(SOURCE_HEADER, source)
        .header(MODEL_HEADER, taxonomies.building(tenant) ? "building" : "ready")
        .body(taxonomy.fields());
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
