package dev.sift.service.admin;

import dev.sift.data.TicketReader;
import dev.sift.engine.TriageEngine;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import dev.sift.service.system.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.http.ResponseEntity;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Bulk import of a tenant's past tickets from a CSV or NDJSON export. */
@RestController
@Tag(name = "Admin")
class HistoryController {

  private static final int MAX_ECHOED = 32;

  private final HistoryImporter importer;
  private final Jobs jobs;

  HistoryController(TriageEngine engine, Jobs jobs) {
    this.importer = new HistoryImporter(engine);
    this.jobs = jobs;
  }

  @Operation(operationId = "importHistory", summary = "Import ticket history",
      description = "Streams a CSV (with header) or NDJSON file into the tenant, creating it when new, then refits "
          + "its calibration (200 with the report). With mode=replace the tenant is rebuilt from the file alone "
          + "beside its live index, which keeps serving, then swapped in atomically: 202 with a job to poll. Rows that cannot become tickets are skipped and listed with their line number.")
  @ApiResponse(responseCode = "200", description = "Appended: the import report",
      content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
          schema = @Schema(implementation = HistoryResponse.class)))
  @ApiResponse(responseCode = "202", description = "mode=replace: the job; its URL is in Location",
      headers = @Header(name = "Location", description = "/v1/jobs/{id}", schema = @Schema(type = "string")),
      content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
          schema = @Schema(implementation = JobView.class)))
  @Problems({ProblemType.INVALID_PARAMETER, ProblemType.INVALID_HISTORY, ProblemType.MODEL_UNAVAILABLE})
  @PostMapping(path = "/v1/tenants/{tenant}/history", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> upload(
      @PathVariable String tenant,
      @Parameter(description = "the export, CSV (.csv) or NDJSON (.ndjson, .jsonl); other names are sniffed")
      @RequestPart("file") MultipartFile file,
      @Parameter(description = "field=Column header pairs, e.g. 'subject=Short description,body=Description'; "
          + "default: columns named like the ticket fields")
      @RequestParam(name = "mapping", required = false) String mapping,
      @Parameter(description = "date pattern for createdAt/resolvedAt, e.g. 'dd/MMM/yy HH:mm'; default ISO-8601")
      @RequestParam(name = "dateFormat", required = false) String dateFormat,
      @Parameter(description = "append (default): add to the tenant and answer when done; replace: rebuild the "
          + "tenant from this file alone beside the live index, as a job (202, see /v1/jobs/{id})")
      @RequestParam(name = "mode", defaultValue = "append") @Schema(allowableValues = {"append", "replace"})
      String mode) {
    if (!mode.equals("append") && !mode.equals("replace")) {
      throw ProblemException.invalidParameter("mode", "mode must be append or replace, was '"
          + (mode.length() > MAX_ECHOED ? mode.substring(0, MAX_ECHOED) + "..." : mode) + "'.");
    }
    TicketReader reader;
    try {
      reader = HistoryImporter.reader(mapping, dateFormat, HistoryImporter.formatOf(file.getOriginalFilename()));
    } catch (HistoryImporter.InvalidOptionException e) {
      throw ProblemException.invalidParameter(e.option(), capitalise(e.getMessage()) + ".");
    }
    if (mode.equals("replace")) {
      // The upload is moved to the data directory so that the job can outlive this request.
      Path upload = jobs.uploadFile();
      try {
        file.transferTo(upload);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot keep uploaded history for the job", e);
      }
      JobView job = jobs.submitReplace(tenant, upload, reader, importer);
      return ResponseEntity.accepted().location(URI.create("/v1/jobs/" + job.id())).body(job);
    }
    try (InputStream in = file.getInputStream()) {
      return ResponseEntity.ok(HistoryResponse.of(importer.run(tenant, reader, in, HistoryImporter.Listener.NONE)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read uploaded history", e);
    }
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
