package dev.sift.engine;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When {@link TenantFits} refits a tenant in the background: once its history has grown enough
 * since the last fit, after resting a few times the last fit's length, and once the tenant's writes
 * pause (but not later than {@link #REFIT_MAX_DEFER}). One refit at a time per tenant, on one
 * thread; a refit scheduled before the tenant was deleted does not run.
 */
final class RefitScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RefitScheduler.class);

  /** How long {@link #close} waits for a refit under way. */
  private static final long CLOSE_WAIT_SECONDS = 5;

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
   * A tenant that has a fit is refitted once its writes pause this long: a history sync pushes
   * batch after batch, and a refit made in the middle is out of date at once while it competes with
   * the writes for cores and connections. One refit after the sync covers it all.
   */
  static final Duration REFIT_QUIET = Duration.ofSeconds(5);

  /** ...but writes that never pause (a busy desk) postpone a due refit no longer than this. */
  static final Duration REFIT_MAX_DEFER = Duration.ofMinutes(10);

  private final Consumer<String> refit;
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

  /**
   * @param refit fits and stores the tenant's fit
   */
  RefitScheduler(Consumer<String> refit) {
    this.refit = refit;
  }

  /** Notes a fit of the tenant that ran from {@code start} to {@code end} (System.nanoTime). */
  void fitted(String tenant, long start, long end) {
    lastFit.put(tenant, new long[] {end, end - start});
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

  /**
   * Schedules a background refit when the history size has moved enough since the last fit.
   *
   * @param m the tenant's fit held now, null when none
   */
  void maybeRefit(String tenant, long tickets, TenantFit m) {
    lastWrite.put(tenant, System.nanoTime());
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
            // The tenant was deleted while its refit waited: fitting now would store a fit of
            // erased tickets.
            return;
          }
          long wait = waitLeft(tenant);
          if (wait > 0) { // writes went on meanwhile
            scheduleRefit(tenant, wait, generation);
            return;
          }
          try {
            refit.accept(tenant);
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

  /** Drops the tenant's schedule; a refit waiting for its turn is dropped too. */
  void forget(String tenant) {
    generations.merge(tenant, 1L, Long::sum);
    dueSince.remove(tenant);
    refitting.remove(tenant);
    lastFit.remove(tenant);
    lastWrite.remove(tenant);
  }

  @Override
  public void close() {
    background.shutdownNow();
    try {
      background.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
