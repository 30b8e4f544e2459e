package dev.sift.service.admin;

import dev.sift.data.TicketReader;
import dev.sift.engine.TriageEngine;
import dev.sift.service.system.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

  private final HistoryImporter importer;

  HistoryController(TriageEngine engine) {
    this.importer = new HistoryImporter(engine);
  }

  @Operation(summary = "Import ticket history",
      description = "Streams a CSV (with header) or NDJSON file into the tenant, creating it when new, then refits "
          + "its calibration. Rows that cannot become tickets are skipped and listed with their line number.")
  @PostMapping(path = "/v1/tenants/{tenant}/history", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  HistoryResponse upload(
      @PathVariable String tenant,
      @Parameter(description = "the export, CSV (.csv) or NDJSON (.ndjson, .jsonl); other names are sniffed")
      @RequestPart("file") MultipartFile file,
      @Parameter(description = "field=Column header pairs, e.g. 'subject=Short description,body=Description'; "
          + "default: columns named like the ticket fields")
      @RequestParam(name = "mapping", required = false) String mapping,
      @Parameter(description = "date pattern for createdAt/resolvedAt, e.g. 'dd/MMM/yy HH:mm'; default ISO-8601")
      @RequestParam(name = "dateFormat", required = false) String dateFormat) {
    TicketReader reader;
    try {
      reader = HistoryImporter.reader(mapping, dateFormat, HistoryImporter.formatOf(file.getOriginalFilename()));
    } catch (HistoryImporter.InvalidOptionException e) {
      throw ProblemException.invalidParameter(e.option(), capitalise(e.getMessage()) + ".");
    }
    try (InputStream in = file.getInputStream()) {
      return HistoryResponse.of(importer.run(tenant, reader, in, HistoryImporter.Listener.NONE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read uploaded history", e);
    }
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
