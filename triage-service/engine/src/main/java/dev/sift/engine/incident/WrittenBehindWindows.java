package dev.sift.engine.incident;

import dev.sift.engine.state.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants' windows kept in a store of this instance alone: held in memory, read back at start,
 * and written behind on a thread of their own at most once per {@link #FLUSH_INTERVAL}, so a triage
 * never pays for serialising a window; a crash loses at most that interval.
 */
final class WrittenBehindWindows implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WrittenBehindWindows.class);

  /** How often changed tenants are written. */
  static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

  private final StateStore state;
  private final Map<String, TenantWindow> windows;
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService flusher;

  /**
   * Restores every stored tenant into {@code windows} (the detector's own map) and starts writing
   * behind.
   */
  WrittenBehindWindows(StateStore state, Map<String, TenantWindow> windows, int dimension) {
    this.state = state;
    this.windows = windows;
    this.flusher = startFlusher();
    restoreAll(dimension);
  }

  /** Marks the tenant's window for the next write; called under the window's lock. */
  void changed(String tenant) {
    dirty.add(tenant);
  }

  /** Stops writing a tenant whose window was dropped. */
  void forget(String tenant) {
    dirty.remove(tenant);
  }

  /**
   * Writes every tenant changed since the last flush. Only the snapshot is taken under the window's
   * lock; encoding (vectors to base64, then JSON: tens of milliseconds for a window of thousands of
   * tickets) and the write happen outside it, so a triage of the tenant never waits for them. One
   * flush at a time, so an older snapshot is never written after a newer one.
   */
  synchronized void flush() {
    for (String tenant : List.copyOf(dirty)) {
      dirty.remove(tenant);
      TenantWindow w = windows.get(tenant);
      if (w == null) {
        continue;
      }
      DetectorSnapshots.WindowSnapshot snapshot;
      synchronized (w) {
        snapshot = w.snapshot();
      }
      byte[] content = DetectorSnapshots.encode(snapshot);
      synchronized (w.storeLock) {
        // Only while it is still the tenant's: forgetting a tenant takes it out of the map before
        // it deletes the stored state under this lock, so a forgotten window is never written back.
        if (windows.get(tenant) == w) {
          state.write(tenant, content);
        }
      }
    }
  }

  /** Stops the flusher thread and writes what is left. */
  @Override
  public void close() {
    flusher.shutdownNow();
    flush();
  }

  private ScheduledExecutorService startFlusher() {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sift-incident-state");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        this::flushQuietly,
        FLUSH_INTERVAL.toMillis(),
        FLUSH_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    return executor;
  }

  private void restoreAll(int dimension) {
    for (String tenant : state.tenants()) {
      try {
        state
            .read(tenant)
            .ifPresent(
                stored -> {
                  TenantWindow w = new TenantWindow();
                  w.restore(tenant, DetectorSnapshots.decode(stored.content()), dimension);
                  windows.put(tenant, w);
                });
      } catch (RuntimeException e) {
        LOG.warn("ignoring unreadable incident state of tenant {}", tenant, e);
      }
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("cannot write incident state", e);
    }
  }
}
