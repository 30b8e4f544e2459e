package dev.sift.service.admin;

import dev.sift.engine.TriageEngine;
import dev.sift.index.TenantNames;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar sift.jar reembed [--tenant NAME] [--data-dir DIR] [--sift.embedding.model=ID]}: after the
 * configured embedding model changed, rebuilds every tenant still on another model, one at a time, without starting
 * the web server (the offline twin of {@code POST /v1/admin/reembed}). Each tenant is rebuilt beside its index,
 * swapped in and refitted; a failure leaves that tenant on its old model and the command goes on with the next.
 *
 * <p>Exit status: 0 when every tenant asked for is on the configured model, 1 when one failed, 2 for bad usage.
 */
public final class ReembedCommand {

  public static final String NAME = "reembed";
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  /** The command holds the data directory's lock, so one fixed staging name cannot collide. */
  private static final String STAGING_TOKEN = "cli";
  private static final double NANOS_PER_SECOND = 1e9;

  static final String HELP = """
      Usage: java -jar sift.jar reembed [options]

      Re-embeds, one at a time, every tenant whose stored vectors come from another model than the
      configured one, then refits its calibration. Stop any server using the same data directory first.

      Options:
        --tenant NAME          re-embed this tenant only, even when it is on the configured model
        --data-dir DIR         data directory (default: sift.data-dir, ./data)
        --sift.KEY=VALUE       any other setting, e.g. --sift.embedding.model=bge-small-en-v1.5-q
        -h, --help             show this help

      Exit status: 0 all on the configured model, 1 a tenant failed, 2 bad usage.""";

  private ReembedCommand() {}

  /** Runs the re-embed; returns the process exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String tenant = null;
    String dataDir = null;
    List<String> passThrough = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        out.println(HELP);
        return OK;
      } else if (arg.equals("--tenant") || arg.equals("--data-dir")) {
        if (i + 1 >= args.length) {
          return usage(err, arg + " needs a value");
        }
        if (arg.equals("--tenant")) {
          tenant = args[++i];
        } else {
          dataDir = args[++i];
        }
      } else if (arg.startsWith("--sift.")) {
        passThrough.add(arg);
      } else {
        return usage(err, "unknown option " + arg);
      }
    }
    if (tenant != null && !TenantNames.isValid(tenant)) {
      return usage(err, "tenant names are [a-z0-9-]{1,63}, not '" + tenant + "'");
    }
    ConfigurableApplicationContext context;
    try {
      context = ImportCommand.context(passThrough, dataDir);
    } catch (RuntimeException e) {
      err.println("sift reembed: cannot start: " + ImportCommand.rootMessage(e));
      return FAILED;
    }
    try (context) {
      return reembed(context.getBean(TriageEngine.class), tenant, out, err);
    }
  }

  private static int reembed(TriageEngine engine, String only, PrintStream out, PrintStream err) {
    String model = engine.store().modelId();
    SortedMap<String, String> models = engine.store().tenantModels();
    List<String> tenants;
    if (only != null) {
      if (!models.containsKey(only)) {
        err.println("sift reembed: there is no tenant '" + only + "' with stored tickets");
        return FAILED;
      }
      tenants = List.of(only);
    } else {
      tenants = engine.store().tenantsOnOtherModels();
    }
    if (tenants.isEmpty()) {
      out.printf("Every tenant (%d) is on %s; nothing to re-embed.%n", models.size(), model);
      return OK;
    }
    int failed = 0;
    for (String tenant : tenants) {
      err.printf("Re-embedding tenant '%s' (%s -> %s)...%n", tenant, models.get(tenant), model);
      long start = System.nanoTime();
      long n;
      try {
        n = engine.store().reembed(tenant, STAGING_TOKEN, done -> { }, () -> false);
      } catch (RuntimeException e) {
        failed++;
        out.printf("Tenant '%s' failed and stays on %s: %s%n", tenant, models.get(tenant),
            ImportCommand.rootMessage(e));
        continue;
      }
      try {
        err.printf("Calibrating tenant '%s'...%n", tenant);
        engine.refit(tenant);
      } catch (RuntimeException e) {
        failed++;
        out.printf("Tenant '%s' is on %s, but its calibration failed (it is refitted as history grows): %s%n",
            tenant, model, ImportCommand.rootMessage(e));
        continue;
      }
      double secs = (System.nanoTime() - start) / NANOS_PER_SECOND;
      out.printf(Locale.ROOT, "Re-embedded tenant '%s': %,d tickets with %s in %.1f s (%.1f tickets/s).%n",
          tenant, n, model, secs, n / Math.max(secs, 1e-9));
    }
    return failed == 0 ? OK : FAILED;
  }

  private static int usage(PrintStream err, String message) {
    err.println("sift reembed: " + message);
    err.println("Run 'java -jar sift.jar reembed --help' for usage.");
    return USAGE;
  }
}
