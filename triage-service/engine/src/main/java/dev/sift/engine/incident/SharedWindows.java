package dev.sift.engine.incident;

import dev.sift.engine.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The tenants' windows kept in a store that replicas share, as a journal: a snapshot of the window
 * and a log of the changes made since. A change appends what it did (a few kilobytes per ticket);
 * the snapshot is rewritten only when the log has grown as large as the window, or when a change
 * must not stay on the log (an erasure).
 *
 * <p>Writing the whole window per change, as before, made each triage O(window): at 30 triages a
 * second megabytes per update, and most of the service's CPU and PostgreSQL's write volume.
 */
final class SharedWindows {

  private final StateStore state;
  private final int dimension;
  private final Duration expiry;

  /** Changes waiting per tenant for the next group commit ({@link #change}). */
  private final Map<String, Queue<Pending<?>>> pending = new ConcurrentHashMap<>();

  SharedWindows(StateStore state, int dimension, Duration expiry) {
    this.state = state;
    this.dimension = dimension;
    this.expiry = expiry;
  }

  /**
   * Changes run on the shared journal under the store's lock, in one short transaction: records
   * other replicas logged since are applied first, and this change's records appended after them.
   * The local lock is held throughout, so this replica's own threads queue in memory rather than on
   * the database row.
   *
   * <p>Changes that queue meanwhile go in together (a group commit): whoever takes the lock applies
   * every change waiting, in arrival order, in one transaction. Each change still sees the window
   * its predecessors left.
   */
  <T> T change(String tenant, TenantWindow w, Supplier<T> change) {
    Pending<T> mine = new Pending<>(change);
    Queue<Pending<?>> queue = pending.computeIfAbsent(tenant, t -> new ConcurrentLinkedQueue<>());
    queue.add(mine);
    synchronized (w) {
      if (!mine.done) {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> p = queue.poll(); p != null; p = queue.poll()) {
          batch.add(p);
        }
        applyShared(tenant, w, batch);
      }
    }
    return mine.result();
  }

  /**
   * Drops a deleted tenant's queue. A change that already holds the queue still applies everything
   * in it, its own included, since whoever holds a queue drains it under the window's lock.
   */
  void forget(String tenant) {
    pending.remove(tenant);
  }

  /** Tenants with a queue of changes: every tenant changed since it was last forgotten. */
  int tenantsQueued() {
    return pending.size();
  }

  /** Brings the window up to the shared journal before it is read. */
  void refresh(String tenant, TenantWindow w) {
    synchronized (w) {
      applyShared(tenant, w, List.of());
    }
  }

  private void applyShared(String tenant, TenantWindow w, List<Pending<?>> batch) {
    try {
      StateStore.Logged<Void> logged =
          state.updateJournal(
              tenant,
              w.position,
              journal -> {
                w.catchUp(tenant, journal, dimension, expiry);
                w.journal = new ArrayList<>();
                w.rewrite = false;
                try {
                  batch.forEach(Pending::apply);
                  return entries(w, w.journal, journal.hasSnapshot());
                } finally {
                  w.journal = null;
                }
              });
      w.position = logged.position();
      batch.forEach(p -> p.done = true);
    } catch (RuntimeException e) {
      // Memory may hold changes that were rolled back: rebuild from the store next time.
      w.position = TenantWindow.UNKNOWN;
      batch.forEach(p -> p.fail(e));
    }
  }

  /**
   * What to write for the changes just made: nothing, their log records, or the whole window when
   * {@link TenantWindow#wholeWindowDue} says so.
   */
  private static StateStore.Entries<Void> entries(
      TenantWindow w, List<WindowChanges.Change> changes, boolean hasSnapshot) {
    if (changes.isEmpty() && !w.rewrite) {
      return new StateStore.Entries<>(null, null, null);
    }
    return w.wholeWindowDue(changes.size(), hasSnapshot)
        ? new StateStore.Entries<>(DetectorSnapshots.encode(w.snapshot()), null, null)
        : new StateStore.Entries<>(null, WindowChanges.encode(changes), null);
  }

  /**
   * A change waiting for the tenant's next shared update; read and written under the window's lock.
   */
  private static final class Pending<T> {
    private final Supplier<T> change;
    private T value;
    private RuntimeException failure;
    private boolean done;

    Pending(Supplier<T> change) {
      this.change = change;
    }

    void apply() {
      value = change.get();
    }

    void fail(RuntimeException e) {
      failure = e;
      done = true;
    }

    T result() {
      if (failure != null) {
        throw failure;
      }
      return value;
    }
  }
}
