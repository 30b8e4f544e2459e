package dev.sift.engine.incident;

import dev.sift.engine.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The tenants' windows kept in a store that replicas share: each change is an update of the stored
 * window.
 */
final class SharedWindows {

  private final StateStore state;
  private final int dimension;

  /** Changes waiting per tenant for the next group commit ({@link #change}). */
  private final Map<String, Queue<Pending<?>>> pending = new ConcurrentHashMap<>();

  SharedWindows(StateStore state, int dimension) {
    this.state = state;
    this.dimension = dimension;
  }

  /**
   * On a shared store, changes run on the stored window under the store's lock, in one short
   * transaction: the window is reloaded first when another replica changed it, and written back
   * only when changed, so other replicas otherwise see no new version and need not reload. The
   * local lock is held throughout, so this replica's own threads queue in memory rather than on the
   * database row.
   *
   * <p>Changes that queue meanwhile go in together (a group commit): whoever takes the lock applies
   * every change waiting, in arrival order, in one transaction with one write of the window. One
   * transaction per ticket, each encoding the whole window, held every triage of a tenant behind
   * one lock: at 30 triages a second the demo tenant's triages waited seconds for it. Each change
   * still sees the window its predecessors left.
   */
  <T> T change(String tenant, TenantWindow w, Supplier<T> change, Predicate<T> changed) {
    Pending<T> mine = new Pending<>(change, changed);
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

  private void applyShared(String tenant, TenantWindow w, List<Pending<?>> batch) {
    try {
      StateStore.Applied<Boolean> applied =
          state.update(
              tenant,
              w.version,
              current -> {
                w.catchUp(tenant, current, dimension);
                boolean any = false;
                for (Pending<?> p : batch) {
                  any |= p.apply();
                }
                return new StateStore.Result<>(
                    any ? DetectorSnapshots.encode(w.snapshot()) : null, any);
              });
      w.version = applied.version();
      batch.forEach(p -> p.done = true);
    } catch (RuntimeException e) {
      w.version =
          TenantWindow.UNKNOWN; // memory may hold changes that were rolled back: reload next time
      batch.forEach(p -> p.fail(e));
    }
  }

  /**
   * A change waiting for the tenant's next shared update; read and written under the window's lock.
   */
  private static final class Pending<T> {
    private final Supplier<T> change;
    private final Predicate<T> changed;
    private T value;
    private RuntimeException failure;
    private boolean done;

    Pending(Supplier<T> change, Predicate<T> changed) {
      this.change = change;
      this.changed = changed;
    }

    /** Runs the change; whether it means a change to store. */
    boolean apply() {
      value = change.get();
      return changed.test(value);
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

  /** Brings the window up to the stored version before it is read. */
  void refresh(String tenant, TenantWindow w) {
    synchronized (w) {
      OptionalLong stored = state.version(tenant);
      if (stored.isPresent() && stored.getAsLong() != w.version) {
        // Deleted (a tombstone) when there is a version but no content: catch up to an empty
        // window.
        Optional<StateStore.Versioned> v = state.read(tenant);
        w.catchUp(
            tenant,
            new StateStore.Current(
                v.map(StateStore.Versioned::version).orElse(stored.getAsLong()),
                v.map(StateStore.Versioned::content).orElse(null)),
            dimension);
      }
    }
  }
}
