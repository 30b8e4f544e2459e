package dev.sift.service.admin;

import dev.sift.data.TicketReader;
import dev.sift.engine.History;
import dev.sift.engine.HistoryImporter;
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
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

  HistoryController(History history, Jobs jobs) {
    this.importer = new HistoryImporter(history);
    this.jobs = jobs;
  }

  @Operation(
      operationId = "importHistory",
      summary = "Import ticket history",
      description =
          "Queues an import of a CSV (with header) or NDJSON file into the tenant, creating it when new: "
              + "202 at once with the job and a Location header (/v1/jobs/{id}) to poll for its rows read out of the "
              + "rows total, ETA, imported and skipped rows, and to cancel. The upload is kept in the data directory "
              + "until the job has read it; its head is checked first, so a file that is no export at all is a 400 "
              + "invalid-history problem before a job is queued. With mode=append (default) the tickets are added "
              + "(upserted by id) and the tenant refitted once at the end; with mode=replace the tenant is rebuilt "
              + "from the file alone beside its live index, which keeps serving, then swapped in atomically. Rows that "
              + "cannot become tickets are skipped and listed with their line number.")
  @ApiResponse(
      responseCode = "202",
      description = "The import job, queued; poll the Location header",
      headers =
          @Header(
              name = "Location",
              description = "the job, /v1/jobs/{id}",
              schema = @Schema(type = "string")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(implementation = JobView.class)))
  @Problems({
    ProblemType.INVALID_PARAMETER,
    ProblemType.INVALID_HISTORY,
    ProblemType.MODEL_UNAVAILABLE
  })
  @PostMapping(
      path = "/v1/tenants/{tenant}/history",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<JobView> upload(
      @PathVariable String tenant,
      @Parameter(
              description =
                  "the export, CSV (.csv) or NDJSON (.ndjson, .jsonl); other names are sniffed")
          @RequestPart("file")
          MultipartFile file,
      @Parameter(
              description =
                  "field=Column header pairs, e.g. 'subject=Short description,body=Description'; "
                      + "default: columns named like the ticket fields")
          @RequestParam(name = "mapping", required = false)
          String mapping,
      @Parameter(
              description =
                  "date pattern for createdAt/resolvedAt, e.g. 'dd/MMM/yy HH:mm'; default ISO-8601")
          @RequestParam(name = "dateFormat", required = false)
          String dateFormat,
      @Parameter(
              description =
                  "append (default): add to the tenant's tickets; replace: rebuild the tenant from "
                      + "this file alone beside the live index, swapped in when complete. Both run as a job (202).")
          @RequestParam(name = "mode", defaultValue = "append")
          @Schema(allowableValues = {"append", "replace"})
          String mode) {
    if (!mode.equals("append") && !mode.equals("replace")) {
      throw ProblemException.invalidParameter(
          "mode",
          "mode must be append or replace, was '"
              + (mode.length() > MAX_ECHOED ? mode.substring(0, MAX_ECHOED) + "..." : mode)
              + "'.");
    }
    HistorySource source =
        new HistorySource(mapping, dateFormat, HistorySource.formatOf(file.getOriginalFilename()));
    TicketReader reader;
    try {
      reader = source.reader();
    } catch (HistorySource.InvalidOptionException e) {
      throw ProblemException.invalidParameter(e.option(), capitalise(e.getMessage()) + ".");
    }
    // The upload is moved to the data directory, so that the job can read it after this request has
    // ended.
    Path upload = jobs.uploadFile();
    try {
      file.transferTo(upload);
      HistorySource.check(reader, upload);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(upload, e);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot keep uploaded history for the job", io);
      }
      throw (RuntimeException) e;
    }
    JobView job = jobs.submitImport(tenant, mode.equals("replace"), upload, source, importer);
    return ResponseEntity.accepted().location(URI.create("/v1/jobs/" + job.id())).body(job);
  }

  private static void deleteQuietly(Path upload, Exception cause) {
    try {
      Files.deleteIfExists(upload);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
