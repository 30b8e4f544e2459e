package dev.sift.engine.incident;

import dev.sift.engine.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
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
 *
 * <p>What is written is a journal, as on a shared store ({@link SharedWindows}): each flush appends
 * the changes made since the last one, and the whole window is written only when the log has grown
 * past it, after an erasure, or first. Writing the whole window every second had cost a busy
 * tenant's service megabytes of JSON a second, growing with the window.
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
  WrittenBehindWindows(
      StateStore state, Map<String, TenantWindow> windows, int dimension, Duration expiry) {
    this.state = state;
    this.windows = windows;
    this.flusher = startFlusher();
    restoreAll(dimension, expiry);
  }

  /** A window whose changes are journaled for the next flush. */
  static TenantWindow newWindow() {
    TenantWindow w = new TenantWindow();
    w.journal = new ArrayList<>();
    return w;
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
   * Writes every tenant changed since the last flush. Only the changes (or, when the whole window
   * is due, its snapshot) are taken under the window's lock; encoding and the write happen outside
   * it, so a triage of the tenant never waits for them. One flush at a time, so changes are written
   * in the order they were made.
   */
  synchronized void flush() {
    for (String tenant : List.copyOf(dirty)) {
      dirty.remove(tenant);
      TenantWindow w = windows.get(tenant);
      if (w == null) {
        continue;
      }
      List<WindowChanges.Change> changes;
      DetectorSnapshots.WindowSnapshot snapshot = null;
      synchronized (w) {
        changes = w.journal;
        w.journal = new ArrayList<>();
        // A file journal holds a snapshot once it was written at a version above 0.
        if (w.wholeWindowDue(changes.size(), w.position.version() > 0)) {
          snapshot = w.snapshot();
        }
        w.rewrite = false;
      }
      byte[] whole = snapshot == null ? null : DetectorSnapshots.encode(snapshot);
      List<byte[]> records = snapshot == null ? WindowChanges.encode(changes) : null;
      synchronized (w.storeLock) {
        // Only while it is still the tenant's: forgetting a tenant takes it out of the map before
        // it deletes the stored state under this lock, so a forgotten window is never written back.
        if (windows.get(tenant) == w) {
          write(tenant, w, whole, records);
        }
      }
    }
  }

  private void write(String tenant, TenantWindow w, byte[] whole, List<byte[]> records) {
    try {
      StateStore.Position written =
          state
              .updateJournal(
                  tenant, w.position, j -> new StateStore.Entries<Void>(whole, records, null))
              .position();
      synchronized (w) {
        w.position = written;
      }
    } catch (RuntimeException e) {
      // The changes taken for this write are not on the log: the next write is the whole window.
      synchronized (w) {
        w.rewrite = true;
      }
      dirty.add(tenant);
      throw e;
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

  private void restoreAll(int dimension, Duration expiry) {
    for (String tenant : state.tenants()) {
      try {
        TenantWindow w = newWindow();
        w.position =
            state
                .updateJournal(
                    tenant,
                    StateStore.Position.NOTHING,
                    j -> {
                      w.catchUp(tenant, j, dimension, expiry);
                      return new StateStore.Entries<Void>(null, null, null);
                    })
                .position();
        windows.put(tenant, w);
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
