package dev.sift.service.admin;

import dev.sift.data.ImportException;
import dev.sift.data.ProgressBar;
import dev.sift.data.TicketReader;
import dev.sift.engine.History;
import dev.sift.engine.HistoryImporter;
import dev.sift.index.TenantNames;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code java -jar sift.jar import --tenant acme --file tickets.csv [--map ...] [--date-format ...]
 * [--data-dir ./data]}: imports a history file without starting the web server. It reads the same
 * configuration as the server ({@code application.yml}, {@code SIFT_*} environment variables,
 * {@code --sift.*} options) and builds only the embedder, index and engine. Progress goes to
 * stderr, the report to stdout.
 *
 * <p>Exit status: 0 when tickets were imported, 1 when the import failed or imported nothing, 2 for
 * bad usage.
 */
@Command(
    name = ImportCommand.NAME,
    customSynopsis = "java -jar sift.jar import --tenant NAME --file PATH [options]",
    description = {
      "Imports a CSV or NDJSON ticket export into a tenant without starting the web server, then"
          + " refits the tenant's calibration. Stop any server using the same data directory first."
    },
    footer = {
      OfflineCommand.SETTINGS_HELP,
      "%nExit status: 0 imported, 1 failed or nothing imported, 2 bad usage."
    })
public final class ImportCommand extends OfflineCommand {

  public static final String NAME = "import";

  /** The command line holds the data directory's lock, so one fixed staging name cannot collide. */
  private static final String REPLACE_TOKEN = "cli";

  @Option(
      names = "--tenant",
      required = true,
      paramLabel = "NAME",
      description = "tenant to import into, [a-z0-9-]{1,63}; created when new")
  private String tenant;

  @Option(
      names = "--file",
      required = true,
      paramLabel = "PATH",
      description = "CSV export with a header row, or NDJSON (one object per line)")
  private Path file;

  @Option(
      names = "--map",
      paramLabel = "SPEC",
      description =
          "column mapping, e.g. 'subject=Short description,"
              + "body=Description,assignmentGroup=Assignment group' (default: columns named like the ticket fields: id,"
              + " subject, body, category, ..., createdAt, resolvedAt)")
  private String map;

  @Option(
      names = "--date-format",
      paramLabel = "PATTERN",
      description = "pattern for createdAt/resolvedAt, e.g. 'dd/MMM/yy HH:mm' (default ISO-8601)")
  private String dateFormat;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = FormatName.class,
      description = "csv, ndjson (or jsonl) or auto (default: by extension, else sniffed)")
  private TicketReader.Format format;

  @Option(
      names = "--replace",
      description =
          "rebuild the tenant from this file alone: built beside the current"
              + " index, swapped in only when complete; on failure the tenant stays as it was")
  private boolean replace;

  private ImportCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  /** Runs the import; returns the process exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return execute(new ImportCommand(out, err), args);
  }

  @Override
  public Integer call() {
    settings(); // a usage error, before anything is loaded
    if (!TenantNames.isValid(tenant)) {
      throw usageError("tenant '" + tenant + "' must match " + TenantNames.VALID.pattern());
    }
    TicketReader reader;
    try {
      reader =
          new HistorySource(
                  map,
                  dateFormat,
                  format != null
                      ? format
                      : HistorySource.formatOf(
                          file.getFileName() == null ? "" : file.getFileName().toString()))
              .reader();
    } catch (HistorySource.InvalidOptionException e) {
      throw usageError(e.getMessage());
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      err.println("sift import: cannot read file " + file);
      return FAILED;
    }
    ConfigurableApplicationContext context;
    try {
      context = start();
    } catch (RuntimeException e) {
      err.println("sift import: cannot start: " + rootMessage(e));
      return FAILED;
    }
    try (context) {
      History history = context.getBean(History.class);
      err.printf(
          "Importing %s into tenant '%s' (model %s)%n", file, tenant, history.embeddingModel());
      return importFile(history, reader);
    }
  }

  private int importFile(History history, TicketReader reader) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      size = 0;
    }
    HistoryImporter.Result result;
    try (CountingInputStream in = new CountingInputStream(Files.newInputStream(file));
        ProgressBar bar = ProgressBar.reading(err, size, in::count, "tickets")) {
      bar.start();
      ImportProgress listener = new ImportProgress(bar, err, tenant);
      HistoryImporter importer = new HistoryImporter(history);
      try (listener) {
        result =
            replace
                ? importer.replace(tenant, REPLACE_TOKEN, reader, in, listener, () -> false)
                : importer.run(tenant, reader, in, listener);
        listener.finish();
      }
      if (result.report().imported() == 0) {
        bar.finish();
      }
    } catch (ImportException | HistoryImporter.ReplaceAbandonedException e) {
      err.println();
      err.println("sift import: import failed: " + e.getMessage());
      return FAILED;
    } catch (IOException e) {
      err.println();
      err.println("sift import: cannot read " + file + ": " + e.getMessage());
      return FAILED;
    }
    ImportSummary.print(result, history, out);
    if (result.report().imported() == 0) {
      err.println("sift import: nothing was imported");
      return FAILED;
    }
    return OK;
  }

  /**
   * {@code --format}: the reader's formats by name, with {@code jsonl} for NDJSON as its file
   * extension, and none (by extension) for an empty value, as a script passing on an unset variable
   * gives.
   */
  static final class FormatName implements ITypeConverter<TicketReader.Format> {
    @Override
    public TicketReader.Format convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "csv" -> TicketReader.Format.CSV;
        case "ndjson", "jsonl" -> TicketReader.Format.NDJSON;
        case "auto" -> TicketReader.Format.AUTO;
        case "" -> null;
        default ->
            throw new TypeConversionException("must be csv, ndjson or auto, was '" + value + "'");
      };
    }
  }
}
