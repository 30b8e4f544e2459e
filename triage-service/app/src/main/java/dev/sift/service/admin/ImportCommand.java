package dev.sift.service.admin;

import dev.sift.data.ImportException;
import dev.sift.data.ImportReport;
import dev.sift.data.TicketReader;
import dev.sift.engine.EtaModel;
import dev.sift.engine.FieldModel;
import dev.sift.engine.TriageEngine;
import dev.sift.index.TenantNames;
import dev.sift.service.system.SiftConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar sift.jar import --tenant acme --file tickets.csv [--map ...] [--date-format ...]
 * [--data-dir ./data]}: imports a history file without starting the web server. It reads the same configuration
 * as the server ({@code application.yml}, {@code SIFT_*} environment variables, {@code --sift.*} options) and
 * builds only the embedder, index and engine. Progress goes to stderr, the report to stdout.
 *
 * <p>Exit status: 0 when tickets were imported, 1 when the import failed or imported nothing, 2 for bad usage.
 */
public final class ImportCommand {

  public static final String NAME = "import";
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int SHOWN_SKIPPED = 20;
  /** The command line holds the data directory's lock, so one fixed staging name cannot collide. */
  private static final String REPLACE_TOKEN = "cli";

  static final String HELP = """
      Usage: java -jar sift.jar import --tenant NAME --file PATH [options]

      Imports a CSV or NDJSON ticket export into a tenant without starting the web server,
      then refits the tenant's calibration. Stop any server using the same data directory first.

      Options:
        --tenant NAME          tenant to import into, [a-z0-9-]{1,63}; created when new
        --file PATH            CSV export with a header row, or NDJSON (one object per line)
        --map SPEC             column mapping, e.g. 'subject=Short description,body=Description,
                               assignmentGroup=Assignment group' (default: columns named like the
                               ticket fields: id, subject, body, category, ..., createdAt, resolvedAt)
        --date-format PATTERN  pattern for createdAt/resolvedAt, e.g. 'dd/MMM/yy HH:mm' (default ISO-8601)
        --format FORMAT        csv, ndjson or auto (default: by extension, else sniffed)
        --replace              rebuild the tenant from this file alone: built beside the current index,
                               swapped in only when complete; on failure the tenant stays as it was
        --data-dir DIR         data directory (default: sift.data-dir, ./data)
        --sift.KEY=VALUE       any other setting, e.g. --sift.embedding.model=bge-small-en-v1.5-q
        -h, --help             show this help

      Exit status: 0 imported, 1 failed or nothing imported, 2 bad usage.""";

  private static final Set<String> VALUE_OPTIONS =
      Set.of("tenant", "file", "map", "date-format", "format", "data-dir");

  private ImportCommand() {}

  /** Runs the import; returns the process exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("sift import: " + e.getMessage());
      err.println("Run 'java -jar sift.jar import --help' for usage.");
      return USAGE;
    }
    if (options.help) {
      out.println(HELP);
      return OK;
    }
    TicketReader reader;
    try {
      reader = new HistorySource(options.map, options.dateFormat, options.format).reader();
    } catch (HistorySource.InvalidOptionException e) {
      err.println("sift import: " + e.getMessage());
      return USAGE;
    }
    if (!Files.isRegularFile(options.file) || !Files.isReadable(options.file)) {
      err.println("sift import: cannot read file " + options.file);
      return FAILED;
    }

    ConfigurableApplicationContext context;
    try {
      context = context(options);
    } catch (RuntimeException e) {
      err.println("sift import: cannot start: " + rootMessage(e));
      return FAILED;
    }
    try (context) {
      TriageEngine engine = context.getBean(TriageEngine.class);
      err.printf("Importing %s into tenant '%s' (model %s)%n", options.file, options.tenant,
          engine.store().modelId());
      return importFile(engine, reader, options, out, err);
    }
  }

  private static int importFile(TriageEngine engine, TicketReader reader, Options options, PrintStream out,
      PrintStream err) {
    long size;
    try {
      size = Files.size(options.file);
    } catch (IOException e) {
      size = 0;
    }
    HistoryImporter.Result result;
    try (CountingInputStream in = new CountingInputStream(Files.newInputStream(options.file));
         ProgressBar bar = new ProgressBar(err, size, in::count)) {
      bar.start();
      ImportProgress listener = new ImportProgress(bar, err, options.tenant);
      HistoryImporter importer = new HistoryImporter(engine);
      try (listener) {
        result = options.replace
            ? importer.replace(options.tenant, REPLACE_TOKEN, reader, in, listener, () -> false)
            : importer.run(options.tenant, reader, in, listener);
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
      err.println("sift import: cannot read " + options.file + ": " + e.getMessage());
      return FAILED;
    }
    report(result, engine, out);
    if (result.report().imported() == 0) {
      err.println("sift import: nothing was imported");
      return FAILED;
    }
    return OK;
  }

  static void report(HistoryImporter.Result result, TriageEngine engine, PrintStream out) {
    ImportReport r = result.report();
    out.printf(Locale.ROOT, "Imported %,d tickets into tenant '%s'%s in %.1f s (%,.1f tickets/s).%n",
        r.imported(), result.tenant(), result.created() ? " (new tenant)" : "", result.took().toMillis() / 1000.0,
        result.ticketsPerSecond());
    out.printf(Locale.ROOT, "Rows read: %,d; imported: %,d; skipped: %,d. Tenant now holds %,d tickets.%n",
        r.rowsRead(), r.imported(), r.skipped(), engine.store().count(result.tenant()));
    if (r.skipped() > 0) {
      List<ImportReport.SkippedRow> shown = r.skippedRows().subList(0, Math.min(SHOWN_SKIPPED,
          r.skippedRows().size()));
      out.printf(Locale.ROOT, "Skipped rows (%s):%n", shown.size() < r.skipped()
          ? "first " + shown.size() + " of " + r.skipped() : "all " + r.skipped());
      for (ImportReport.SkippedRow row : shown) {
        out.printf(Locale.ROOT, "  line %d: %s%n", row.line(), row.reason());
      }
    }
    if (result.model() != null && !result.model().fields().isEmpty()) {
      out.println("Calibration (confidence below the threshold abstains; backtest on held-out history):");
      for (Map.Entry<String, FieldModel> e : result.model().fields().entrySet()) {
        FieldModel f = e.getValue();
        FieldModel.BacktestSummary b = f.backtest();
        out.printf(Locale.ROOT, "  %-16s %4d values  threshold %s  accuracy %.2f  coverage %.2f  precision %.2f"
                + "  (%d held out)%n", e.getKey(), f.labelCounts().size(),
            f.threshold() > 1 ? "never" : String.format(Locale.ROOT, "%.3f", f.threshold()),
            b.accuracy(), b.coverage(), b.precision(), b.samples());
      }
    }
    EtaModel eta = result.model() == null ? null : result.model().eta();
    if (eta != null && eta.samples() > 0) {
      EtaModel.Backtest chosen = eta.backtest().get(eta.method());
      out.printf(Locale.ROOT, "ETA: %s answers  MAE ln(1+h) %.3f (median %.3f)  p90 covers %.2f, p90 - p50 %.0f h"
              + "  (%d resolved held out)%n", eta.method(), chosen.maeLogHours(),
          eta.backtest().get(EtaModel.MEDIAN).maeLogHours(), chosen.p90Coverage(), chosen.p90WidthHours(),
          eta.samples());
    }
  }

  private static ConfigurableApplicationContext context(Options options) {
    return context(options.passThrough, options.dataDir);
  }

  /** The engine without the web server, for a command: the server's configuration, quieter logging. */
  static ConfigurableApplicationContext context(List<String> passThrough, String dataDir) {
    List<String> args = new ArrayList<>(passThrough);
    if (dataDir != null) {
      args.add("--sift.data-dir=" + dataDir);
    }
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("logging.level.root", "WARN");
    // Start-up failures are reported in one line below; Spring's own report would repeat them at length.
    defaults.put("logging.level.org.springframework", "OFF");
    defaults.put("logging.level.ai.djl", "ERROR");
    return new SpringApplicationBuilder(SiftConfiguration.class)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        .properties(defaults)
        .run(args.toArray(String[]::new));
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  /** Parsed command-line options. */
  static final class Options {
    String tenant;
    Path file;
    String map;
    String dateFormat;
    TicketReader.Format format;
    String dataDir;
    boolean help;
    boolean replace;
    final List<String> passThrough = new ArrayList<>();

    static Options parse(String[] args) {
      Options o = new Options();
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("-h") || arg.equals("--help")) {
          o.help = true;
          continue;
        }
        if (arg.equals("--replace")) {
          o.replace = true;
          continue;
        }
        if (arg.startsWith("--sift.") || arg.startsWith("--spring.") || arg.startsWith("--logging.")) {
          if (!arg.contains("=")) {
            throw new IllegalArgumentException("option " + arg + " needs a value: " + arg + "=VALUE");
          }
          o.passThrough.add(arg);
          continue;
        }
        if (!arg.startsWith("--")) {
          throw new IllegalArgumentException("unexpected argument '" + arg + "'");
        }
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
        if (!VALUE_OPTIONS.contains(name)) {
          throw new IllegalArgumentException("unknown option --" + name);
        }
        String value;
        if (eq >= 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException("option --" + name + " needs a value");
        }
        if (values.put(name, value) != null) {
          throw new IllegalArgumentException("option --" + name + " is given twice");
        }
      }
      if (o.help) {
        return o;
      }
      o.tenant = require(values, "tenant");
      if (!TenantNames.isValid(o.tenant)) {
        throw new IllegalArgumentException("tenant '" + o.tenant + "' must match " + TenantNames.VALID.pattern());
      }
      String file = require(values, "file");
      try {
        o.file = Path.of(file);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("invalid file path '" + file + "'");
      }
      o.map = values.get("map");
      o.dateFormat = values.get("date-format");
      o.dataDir = values.get("data-dir");
      String format = values.getOrDefault("format", "");
      o.format = switch (format.toLowerCase(Locale.ROOT)) {
        case "" -> HistorySource.formatOf(o.file.getFileName() == null ? "" : o.file.getFileName().toString());
        case "csv" -> TicketReader.Format.CSV;
        case "ndjson", "jsonl" -> TicketReader.Format.NDJSON;
        case "auto" -> TicketReader.Format.AUTO;
        default -> throw new IllegalArgumentException("--format must be csv, ndjson or auto, was '" + format + "'");
      };
      return o;
    }

    private static String require(Map<String, String> values, String name) {
      String v = values.get(name);
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("--" + name + " is required");
      }
      return v;
    }
  }
}
