package dev.sift.engine.incident;

import dev.sift.engine.state.StateStore;
import dev.sift.index.VectorIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Clusters each tenant's incoming tickets online and flags a cluster as a possible major incident
 * when its size is improbable for its topic: enough tickets, from enough distinct requesters or
 * clients, and more than the topic's usual rate explains (a Poisson tail probability below the
 * threshold).
 *
 * <p>Ticket time drives everything, so a replay of last month behaves as it did live. Tenants never
 * share a cluster: each has its own window and lock. The clustering is {@link TenantWindow}'s; this
 * class keeps the windows, their locks and their storage.
 */
public final class IncidentDetector implements AutoCloseable {

  /** Candidates are remembered this long after their last ticket, then forgotten. */
  static final Duration CANDIDATE_RETENTION = TenantWindow.CANDIDATE_RETENTION;

  /** How often changed tenants are written to an unshared store. */
  static final Duration FLUSH_INTERVAL = WrittenBehindWindows.FLUSH_INTERVAL;

  private final IncidentSettings settings;
  private final ClusterScoring scoring;
  private final int dimension;
  private final Map<String, TenantWindow> windows = new ConcurrentHashMap<>();
  private final List<BiConsumer<String, Incident>> listeners = new CopyOnWriteArrayList<>();

  /**
   * Where windows are kept: null in memory only; unshared, written behind; shared, updated per
   * ticket.
   */
  private final StateStore state;

  /** Updates of the windows in a shared store; null unless the store is shared. */
  private final SharedWindows shared;

  /** Writes of the windows to an unshared store; null unless the store is unshared. */
  private final WrittenBehindWindows writtenBehind;

  /**
   * @param spans each tenant's history time range, for the usual rates; null where there are no
   *     timestamps
   */
  public IncidentDetector(VectorIndex index, IncidentSettings settings, HistorySpans spans) {
    this(index, settings, spans, (StateStore) null);
  }

  /**
   * @param state where each tenant's clusters are kept. Unshared (files): in memory, written behind
   *     at most once per {@link #FLUSH_INTERVAL}. Shared (PostgreSQL, replicas): every observation
   *     and verdict is one append to the tenant's journal under its lock ({@link SharedWindows}),
   *     so replicas receiving tickets of one burst build one cluster. Null keeps the clusters in
   *     memory only.
   */
  public IncidentDetector(
      VectorIndex index, IncidentSettings settings, HistorySpans spans, StateStore state) {
    this.settings = settings;
    this.state = state;
    this.dimension = index.dimension();
    this.shared =
        state != null && state.shared()
            ? new SharedWindows(state, dimension, settings.expiry())
            : null;
    this.scoring =
        new ClusterScoring(
            settings,
            new TopicRates(
                index,
                settings,
                tenant -> {
                  Instant[] span = spans.span(tenant);
                  return span == null ? null : new TopicRates.Span(span[0], span[1]);
                }));
    this.writtenBehind =
        state != null && !state.shared()
            ? new WrittenBehindWindows(state, windows, dimension, settings.expiry())
            : null;
  }

  /** A tenant's history time range: {@code {first createdAt, last createdAt}}, or null. */
  @FunctionalInterface
  public interface HistorySpans {
    Instant[] span(String tenant);
  }

  public IncidentSettings settings() {
    return settings;
  }

  /**
   * Called with the tenant once for each cluster when it becomes a candidate, from the observing
   * thread.
   */
  public void onCandidate(BiConsumer<String, Incident> listener) {
    listeners.add(listener);
  }

  /** Adds a ticket to its tenant's window and returns the cluster it joined. */
  public ClusterView observe(String tenant, TicketArrival ticket, float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          "vector dimension " + vector.length + " differs from " + dimension);
    }
    TenantWindow w = windows.computeIfAbsent(tenant, t -> newWindow());
    TenantWindow.Observed observed =
        change(
            tenant,
            w,
            () -> w.observe(tenant, ticket, vector, dimension, settings, scoring),
            o -> true);
    if (observed.raised() != null) {
      for (BiConsumer<String, Incident> l : listeners) {
        l.accept(tenant, observed.raised());
      }
    }
    return observed.view();
  }

  /**
   * The tenant's candidates, newest first; with {@code openOnly}, those not confirmed, dismissed or
   * expired. Expiry is judged at the latest ticket time seen, not the wall clock, so that a replay
   * reads as it did live.
   */
  public List<Incident> incidents(String tenant, boolean openOnly) {
    TenantWindow w = window(tenant);
    if (w == null) {
      return List.of();
    }
    if (shared != null) {
      shared.refresh(tenant, w);
    }
    synchronized (w) {
      return w.incidents(openOnly, settings.expiry());
    }
  }

  /** Records a person's verdict on a candidate; empty when the tenant has no such candidate. */
  public Optional<Incident> resolve(String tenant, String incidentId, IncidentState verdict) {
    if (verdict != IncidentState.CONFIRMED && verdict != IncidentState.DISMISSED) {
      throw new IllegalArgumentException("a verdict is CONFIRMED or DISMISSED, not " + verdict);
    }
    TenantWindow w = window(tenant);
    return w == null
        ? Optional.empty()
        : change(tenant, w, () -> w.resolve(incidentId, verdict), Optional::isPresent);
  }

  /**
   * Forgets a ticket (an erasure request, or a ticket deleted by its platform): its subject,
   * requester, client and vector leave every cluster and candidate of the tenant, in memory and in
   * the store, and the clusters' counts and reasons are recomputed without it. A cluster left empty
   * is dropped. Returns whether the window held the ticket.
   */
  public boolean forget(String tenant, String ticketId) {
    TenantWindow w = window(tenant);
    if (w == null || ticketId == null) {
      return false;
    }
    return change(tenant, w, () -> w.forget(tenant, ticketId, scoring), forgotten -> forgotten);
  }

  /** Drops the tenant's whole window, in memory and in the store. */
  public void forgetTenant(String tenant) {
    TenantWindow w = windows.remove(tenant);
    if (writtenBehind != null) {
      writtenBehind.forget(tenant);
    }
    if (shared != null) {
      shared.forget(tenant);
    }
    if (w == null) {
      w = new TenantWindow();
    }
    // Under the lock a flush writes under, after the window left the map: no flush can write it
    // back.
    synchronized (w.storeLock) {
      synchronized (w) {
        w.clear();
      }
      if (state != null) {
        state.delete(tenant);
      }
    }
  }

  /** Writes every tenant changed since the last flush; also called on close. */
  public void flush() {
    if (writtenBehind != null) {
      writtenBehind.flush();
    }
  }

  @Override
  public void close() {
    if (writtenBehind != null) {
      writtenBehind.close();
    }
  }

  private TenantWindow newWindow() {
    return writtenBehind != null ? WrittenBehindWindows.newWindow() : new TenantWindow();
  }

  private boolean isShared() {
    return state != null && state.shared();
  }

  /**
   * The tenant's window; on a shared store always one, since another replica may have stored it.
   */
  private TenantWindow window(String tenant) {
    return isShared() ? windows.computeIfAbsent(tenant, t -> newWindow()) : windows.get(tenant);
  }

  /**
   * Applies {@code change} to the tenant's window under its lock. Unshared, the window is marked
   * for the next write-behind when {@code changed} says the value means a change. Shared, see
   * {@link SharedWindows#change}.
   */
  private <T> T change(String tenant, TenantWindow w, Supplier<T> change, Predicate<T> changed) {
    if (isShared()) {
      return shared.change(tenant, w, change);
    }
    synchronized (w) {
      T value = change.get();
      if (writtenBehind != null && changed.test(value)) {
        writtenBehind.changed(tenant);
      }
      return value;
    }
  }
}
