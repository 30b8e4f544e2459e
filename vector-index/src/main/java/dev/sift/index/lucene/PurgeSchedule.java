package dev.sift.index.lucene;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a tenant's purge once, a delay after the delete that asked for it, on one background thread:
 * deletes within the delay share the purge, which rewrites whole segments. What it never gets to
 * run (closing, a crash) stays in the {@link PurgeList}, and the next open schedules it again.
 */
final class PurgeSchedule implements AutoCloseable {

  /** Under the index's name: operators configure and read the purge's logging as the index's. */
  private static final Logger log = LoggerFactory.getLogger(LuceneVectorIndex.class);

  private final Duration delay;
  private final Consumer<String> purge;

  /** Tenants with a purge scheduled and not yet started. */
  private final Set<String> pending = ConcurrentHashMap.newKeySet();

  private final ScheduledExecutorService purger =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sift-index-purge");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param purge purges the tenant; it calls {@link #started} first
   */
  PurgeSchedule(Duration delay, Consumer<String> purge) {
    this.delay = delay;
    this.purge = purge;
  }

  /** Schedules the tenant's purge after the delay, unless one is scheduled and not yet started. */
  void schedule(String tenant) {
    if (purger.isShutdown() || !pending.add(tenant)) {
      return; // closing (the list makes the next start purge), or already scheduled
    }
    try {
      purger.schedule(
          () -> {
            try {
              purge.accept(tenant);
            } catch (RuntimeException e) {
              // The next delete, or the next start, schedules it again.
              log.warn("cannot purge deleted tickets of tenant {}", tenant, e);
            }
          },
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      pending.remove(tenant); // the list makes the next start purge
    }
  }

  /** A purge of the tenant begins: deletes from now on need another one. */
  void started(String tenant) {
    pending.remove(tenant);
  }

  /** Drops the purges not yet run; the next open finds them in the purge lists. */
  @Override
  public void close() {
    purger.shutdownNow();
  }
}
