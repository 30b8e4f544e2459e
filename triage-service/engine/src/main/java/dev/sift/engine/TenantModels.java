package dev.sift.engine;

import dev.sift.engine.state.StateException;
import dev.sift.engine.state.StateStore;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fitted tenant models, kept in memory and in a {@link StateStore} (JSON per tenant: files for one
 * instance, PostgreSQL for replicas), refitted in the background when a tenant's history has grown
 * enough since the last fit. With a shared store, a replica picks up a refit made by another one:
 * {@link #current} checks the stored version every time, the triage path at most every {@link
 * #SHARED_CHECK_INTERVAL}.
 */
public final class TenantModels implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TenantModels.class);

  /** Refit once history has grown (or shrunk) by this fraction since the last fit... */
  private static final double REFIT_GROWTH = 0.10;

  /** ...or by this many tickets, whichever comes first. */
  private static final long REFIT_TICKETS = 200;

  /**
   * A background refit starts no sooner than this many times the tenant's previous fit after that
   * fit ended, so that while history keeps arriving (a sync pushing batch after batch) refits take
   * at most a quarter of their thread's time instead of running back to back beside the writes
   * (docs/benchmarks.md, "Ingest over HTTP on pgvector"). The refit that then runs covers every
   * batch that arrived meanwhile.
   */
  static final int REFIT_REST_FACTOR = 3;

  /**
   * A tenant that has a model is refitted once its writes pause this long: a history sync pushes
   * batch after batch, and a refit made in the middle is out of date at once while it competes with
   * the writes for cores and connections. One refit after the sync covers it all.
   */
  static final Duration REFIT_QUIET = Duration.ofSeconds(5);

  /** ...but writes that never pause (a busy desk) postpone a due refit no longer than this. */
  static final Duration REFIT_MAX_DEFER = Duration.ofMinutes(10);

  /**
   * How stale a replica's model may be on the triage path: one cheap version query per tenant per
   * interval.
   */
  static final Duration SHARED_CHECK_INTERVAL = Duration.ofSeconds(5);

  private final StateStore state;
  private final TenantModelFitter fitter;

  /**
   * The stored version of each model held in memory, and when it was last compared with the store.
   */
  private final ConcurrentHashMap<String, Long> versions = new ConcurrentHashMap<>();

  private final ConcurrentHashMap<String, Long> checkedAt = new ConcurrentHashMap<>();
  private final JsonMapper json = modelJson();
  private final ConcurrentHashMap<String, TenantModel> models = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Boolean> refitting = new ConcurrentHashMap<>();

  /**
   * Bumped when a tenant is forgotten (deleted), so that a refit scheduled before does not run
   * after.
   */
  private final ConcurrentHashMap<String, Long> generations = new ConcurrentHashMap<>();

  /** Per tenant, when its last fit ended and how long it took (System.nanoTime). */
  private final ConcurrentHashMap<String, long[]> lastFit = new ConcurrentHashMap<>();

  /** Per tenant, its last write, and since when a refit has been due (System.nanoTime). */
  private final ConcurrentHashMap<String, Long> lastWrite = new ConcurrentHashMap<>();

  private final ConcurrentHashMap<String, Long> dueSince = new ConcurrentHashMap<>();

  /**
   * Per tenant, writes under way: a batch that takes longer than the pause to embed is no pause.
   */
  private final ConcurrentHashMap<String, Integer> writing = new ConcurrentHashMap<>();

  private final ScheduledExecutorService background =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sift-calibration");
            t.setDaemon(true);
            return t;
          });

  TenantModels(StateStore state, TenantModelFitter fitter) {
    this.state = state;
    this.fitter = fitter;
  }

  /** The tenant's model, fitted now if it has none yet. */
  TenantModel get(String tenant) {
    TenantModel m = models.get(tenant);
    if (m != null) {
      if (state.shared() && isDue(tenant)) {
        return refreshed(tenant, m);
      }
      return m;
    }
    return models.computeIfAbsent(tenant, t -> load(t).orElseGet(() -> fitAndSave(t)));
  }

  Optional<TenantModel> current(String tenant) {
    TenantModel m = models.get(tenant);
    if (m != null) {
      return Optional.of(state.shared() ? refreshed(tenant, m) : m);
    }
    return load(tenant);
  }

  private boolean isDue(String tenant) {
    long now = System.nanoTime();
    Long last = checkedAt.get(tenant);
    return last == null || now - last >= SHARED_CHECK_INTERVAL.toNanos();
  }

  /**
   * The stored model when another replica has written a newer one since this one loaded or fitted
   * its own.
   */
  private TenantModel refreshed(String tenant, TenantModel held) {
    checkedAt.put(tenant, System.nanoTime());
    OptionalLong stored = state.version(tenant);
    if (stored.isEmpty() || stored.getAsLong() == versions.getOrDefault(tenant, 0L)) {
      return held;
    }
    return load(tenant)
        .map(
            m -> {
              models.put(tenant, m);
              return m;
            })
        .orElse(held);
  }

  /** Refits at once, for example after an import. */
  public TenantModel refit(String tenant) {
    return refit(tenant, FitProgress.NONE);
  }

  /** Refits at once, telling {@code progress} how far the fit has come. */
  public TenantModel refit(String tenant, FitProgress progress) {
    TenantModel m = fitAndSave(tenant, progress);
    models.put(tenant, m);
    return m;
  }

  /** Notes a write to the tenant under way, until {@link #written}: a due refit waits for it. */
  void writing(String tenant) {
    writing.merge(tenant, 1, Integer::sum);
  }

  /** Ends what {@link #writing} began, whether the write succeeded or not. */
  void written(String tenant) {
    writing.computeIfPresent(tenant, (t, n) -> n > 1 ? n - 1 : null);
    lastWrite.put(tenant, System.nanoTime());
  }

  /** Schedules a background refit when the history size has moved enough since the last fit. */
  void maybeRefresh(String tenant, long tickets) {
    lastWrite.put(tenant, System.nanoTime());
    TenantModel m = models.get(tenant);
    long fitted = m == null ? 0 : m.tickets();
    long delta = Math.abs(tickets - fitted);
    if (m != null && delta < REFIT_TICKETS && delta < REFIT_GROWTH * fitted) {
      return;
    }
    if (refitting.putIfAbsent(tenant, Boolean.TRUE) != null) {
      return;
    }
    dueSince.put(tenant, System.nanoTime());
    scheduleRefit(tenant, waitLeft(tenant));
  }

  private void scheduleRefit(String tenant, long delayNanos) {
    scheduleRefit(tenant, delayNanos, generations.getOrDefault(tenant, 0L));
  }

  private void scheduleRefit(String tenant, long delayNanos, long generation) {
    background.schedule(
        () -> {
          if (generations.getOrDefault(tenant, 0L) != generation) {
            return; // the tenant was deleted while its refit waited: fitting now would store a
            // model of erased tickets
          }
          long wait = waitLeft(tenant);
          if (wait > 0) { // writes went on meanwhile
            scheduleRefit(tenant, wait, generation);
            return;
          }
          try {
            refit(tenant);
          } catch (RuntimeException e) {
            log.warn("background refit of tenant {} failed", tenant, e);
          } finally {
            dueSince.remove(tenant);
            refitting.remove(tenant);
          }
        },
        delayNanos,
        TimeUnit.NANOSECONDS);
  }

  /**
   * Nanoseconds until the tenant's due refit may start: at once before its first fit; otherwise
   * after resting {@link #REFIT_REST_FACTOR} times the last fit and once writes have paused for
   * {@link #REFIT_QUIET}, none under way (or the refit has waited {@link #REFIT_MAX_DEFER} for that
   * pause).
   */
  private long waitLeft(String tenant) {
    long[] last = lastFit.get(tenant);
    if (last == null) {
      return 0;
    }
    long now = System.nanoTime();
    long rest = last[0] + REFIT_REST_FACTOR * last[1] - now;
    long due = dueSince.getOrDefault(tenant, now);
    long quiet =
        now - due >= REFIT_MAX_DEFER.toNanos()
            ? 0
            : writing.containsKey(tenant)
                ? REFIT_QUIET.toNanos()
                : lastWrite.getOrDefault(tenant, now) + REFIT_QUIET.toNanos() - now;
    return Math.max(0, Math.max(rest, quiet));
  }

  void forget(String tenant) {
    generations.merge(tenant, 1L, Long::sum); // a refit waiting for its turn is dropped
    dueSince.remove(tenant);
    refitting.remove(tenant);
    models.remove(tenant);
    lastFit.remove(tenant);
    lastWrite.remove(tenant);
    versions.remove(tenant);
    try {
      state.delete(tenant);
    } catch (StateException e) {
      log.warn("cannot delete the model of tenant {}", tenant, e);
    }
  }

  /**
   * How models are written and read. A setting added since a model was stored (a primitive such as
   * {@link FieldModel#priorTilt}) reads as its zero, the value that reproduces the older behaviour,
   * so a stored model stays usable after an upgrade instead of being refitted on the first triage.
   */
  static JsonMapper modelJson() {
    return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
  }

  private TenantModel fitAndSave(String tenant) {
    return fitAndSave(tenant, FitProgress.NONE);
  }

  private TenantModel fitAndSave(String tenant, FitProgress progress) {
    long start = System.nanoTime();
    TenantModel m = fitter.fit(tenant, progress);
    long end = System.nanoTime();
    lastFit.put(tenant, new long[] {end, end - start});
    log.info(
        "fitted tenant {} on {} tickets in {} ms", tenant, m.tickets(), (end - start) / 1_000_000);
    save(m);
    return m;
  }

  private Optional<TenantModel> load(String tenant) {
    Optional<StateStore.Versioned> stored;
    try {
      stored = state.read(tenant);
    } catch (StateException e) {
      log.warn("cannot read the model of tenant {}", tenant, e);
      return Optional.empty();
    }
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    try {
      TenantModel m = json.readValue(stored.get().content(), TenantModel.class);
      versions.put(tenant, stored.get().version());
      checkedAt.put(tenant, System.nanoTime());
      return Optional.of(m);
    } catch (RuntimeException e) {
      log.warn("ignoring the unreadable model of tenant {}: {}", tenant, e.getMessage());
      return Optional.empty();
    }
  }

  private void save(TenantModel m) {
    try {
      versions.put(m.tenant(), state.write(m.tenant(), json.writeValueAsBytes(m)));
      checkedAt.put(m.tenant(), System.nanoTime());
    } catch (StateException e) {
      log.warn("cannot save the model of tenant {}", m.tenant(), e);
    }
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
