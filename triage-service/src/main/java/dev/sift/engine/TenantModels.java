package dev.sift.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fitted tenant models, kept in memory and on disk (one JSON file per tenant), refitted in the background when a
 * tenant's history has grown enough since the last fit.
 */
public final class TenantModels implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TenantModels.class);
  /** Refit once history has grown (or shrunk) by this fraction since the last fit... */
  private static final double REFIT_GROWTH = 0.10;
  /** ...or by this many tickets, whichever comes first. */
  private static final long REFIT_TICKETS = 200;

  private final Path dir;
  private final TenantModelFitter fitter;
  private final JsonMapper json = JsonMapper.builder().build();
  private final ConcurrentHashMap<String, TenantModel> models = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Boolean> refitting = new ConcurrentHashMap<>();
  private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sift-calibration");
    t.setDaemon(true);
    return t;
  });

  TenantModels(Path dir, TenantModelFitter fitter) {
    this.dir = dir;
    this.fitter = fitter;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create model directory " + dir, e);
    }
  }

  /** The tenant's model, fitted now if it has none yet. */
  TenantModel get(String tenant) {
    TenantModel m = models.get(tenant);
    if (m != null) {
      return m;
    }
    return models.computeIfAbsent(tenant, t -> load(t).orElseGet(() -> fitAndSave(t)));
  }

  Optional<TenantModel> current(String tenant) {
    TenantModel m = models.get(tenant);
    return m != null ? Optional.of(m) : load(tenant);
  }

  /** Refits at once, for example after an import. */
  public TenantModel refit(String tenant) {
    TenantModel m = fitAndSave(tenant);
    models.put(tenant, m);
    return m;
  }

  /** Schedules a background refit when the history size has moved enough since the last fit. */
  void maybeRefresh(String tenant, long tickets) {
    TenantModel m = models.get(tenant);
    long fitted = m == null ? 0 : m.tickets();
    long delta = Math.abs(tickets - fitted);
    if (m != null && delta < REFIT_TICKETS && delta < REFIT_GROWTH * fitted) {
      return;
    }
    if (refitting.putIfAbsent(tenant, Boolean.TRUE) != null) {
      return;
    }
    background.execute(() -> {
      try {
        refit(tenant);
      } catch (RuntimeException e) {
        log.warn("background refit of tenant {} failed: {}", tenant, e.getMessage());
      } finally {
        refitting.remove(tenant);
      }
    });
  }

  void forget(String tenant) {
    models.remove(tenant);
    try {
      Files.deleteIfExists(file(tenant));
    } catch (IOException e) {
      log.warn("cannot delete model file of tenant {}: {}", tenant, e.getMessage());
    }
  }

  private TenantModel fitAndSave(String tenant) {
    long start = System.nanoTime();
    TenantModel m = fitter.fit(tenant);
    log.info("fitted tenant {} on {} tickets in {} ms", tenant, m.tickets(), (System.nanoTime() - start) / 1_000_000);
    save(m);
    return m;
  }

  private Optional<TenantModel> load(String tenant) {
    Path f = file(tenant);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(f.toFile(), TenantModel.class));
    } catch (RuntimeException e) {
      log.warn("ignoring unreadable model file {}: {}", f, e.getMessage());
      return Optional.empty();
    }
  }

  private void save(TenantModel m) {
    try {
      AtomicFiles.write(file(m.tenant()), json.writeValueAsBytes(m));
    } catch (IOException e) {
      log.warn("cannot save model of tenant {}: {}", m.tenant(), e.getMessage());
    }
  }

  private Path file(String tenant) {
    return dir.resolve(tenant + ".json");
  }

  @Override
  public void close() {
    background.shutdownNow();
    try {
      background.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
