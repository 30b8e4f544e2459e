package dev.sift.service.admin;

import dev.sift.engine.History;
import dev.sift.index.TenantNames;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar sift.jar reembed [--tenant NAME] [--data-dir DIR] [--sift.embedding.model=ID]}:
 * after the configured embedding model changed, rebuilds every tenant still on another model, one
 * at a time, without starting the web server (the offline twin of {@code POST /v1/admin/reembed}).
 * Each tenant is rebuilt beside its index, swapped in and refitted; a failure leaves that tenant on
 * its old model and the command goes on with the next.
 *
 * <p>Exit status: 0 when every tenant asked for is on the configured model, 1 when one failed, 2
 * for bad usage.
 */
@Command(
    name = ReembedCommand.NAME,
    customSynopsis = "java -jar sift.jar reembed [options]",
    description = {
      "Re-embeds, one at a time, every tenant whose stored vectors come from another model than the"
          + " configured one, then refits its calibration. Stop any server using the same data directory first."
    },
    footer = {
      OfflineCommand.SETTINGS_HELP,
      "%nExit status: 0 all on the configured model, 1 a tenant failed, 2 bad usage."
    })
public final class ReembedCommand extends OfflineCommand {

  public static final String NAME = "reembed";

  /** The command holds the data directory's lock, so one fixed staging name cannot collide. */
  private static final String STAGING_TOKEN = "cli";

  private static final double NANOS_PER_SECOND = 1e9;

  @Option(
      names = "--tenant",
      paramLabel = "NAME",
      description = "re-embed this tenant only, even when it is on the configured model")
  private String tenant;

  private ReembedCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  /** Runs the re-embed; returns the process exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return execute(new ReembedCommand(out, err), args);
  }

  @Override
  public Integer call() {
    settings(); // a usage error, before anything is loaded
    if (tenant != null && !TenantNames.isValid(tenant)) {
      throw usageError("tenant names are [a-z0-9-]{1,63}, not '" + tenant + "'");
    }
    ConfigurableApplicationContext context;
    try {
      context = start();
    } catch (RuntimeException e) {
      err.println("sift reembed: cannot start: " + rootMessage(e));
      return FAILED;
    }
    try (context) {
      return reembed(context.getBean(History.class), tenant, out, err);
    }
  }

  private static int reembed(History history, String only, PrintStream out, PrintStream err) {
    String model = history.embeddingModel();
    SortedMap<String, String> models = history.tenantEmbeddingModels();
    List<String> tenants;
    if (only != null) {
      if (!models.containsKey(only)) {
        err.println("sift reembed: there is no tenant '" + only + "' with stored tickets");
        return FAILED;
      }
      tenants = List.of(only);
    } else {
      tenants = history.tenantsOnOtherModels();
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
        n = history.reembed(tenant, STAGING_TOKEN, done -> {}, () -> false);
      } catch (RuntimeException e) {
        failed++;
        out.printf(
            "Tenant '%s' failed and stays on %s: %s%n", tenant, models.get(tenant), rootMessage(e));
        continue;
      }
      try {
        err.printf("Calibrating tenant '%s'...%n", tenant);
        history.refit(tenant);
      } catch (RuntimeException e) {
        failed++;
        out.printf(
            "Tenant '%s' is on %s, but its calibration failed (it is refitted as history grows): %s%n",
            tenant, model, rootMessage(e));
        continue;
      }
      double secs = (System.nanoTime() - start) / NANOS_PER_SECOND;
      out.printf(
          Locale.ROOT,
          "Re-embedded tenant '%s': %,d tickets with %s in %.1f s (%.1f tickets/s).%n",
          tenant,
          n,
          model,
          secs,
          n / Math.max(secs, 1e-9));
    }
    return failed == 0 ? OK : FAILED;
  }
}
