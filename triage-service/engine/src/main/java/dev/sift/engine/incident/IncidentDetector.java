package dev.sift.engine.incident;

import dev.sift.engine.state.StateStore;
import dev.sift.index.VectorIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(IncidentDetector.class);

  /** Candidates are remembered this long after their last ticket, then forgotten. */
  static final Duration CANDIDATE_RETENTION = TenantWindow.CANDIDATE_RETENTION;

  /** How often changed tenants are written to an unshared store. */
  static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

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

  private final Set<String> dirty = ConcurrentHashMap.newKeySet();

  /** Updates of the windows in a shared store; null unless the store is shared. */
  private final SharedWindows shared;

  private final ScheduledExecutorService flusher;

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
   *     and verdict is one update of the tenant's stored window under its lock, so replicas
   *     receiving tickets of one burst build one cluster. Null keeps the clusters in memory only.
   */
  public IncidentDetector(
      VectorIndex index, IncidentSettings settings, HistorySpans spans, StateStore state) {
    this.settings = settings;
    this.state = state;
    this.dimension = index.dimension();
    this.shared = state != null && state.shared() ? new SharedWindows(state, dimension) : null;
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
    boolean writeBehind = state != null && !state.shared();
    this.flusher = writeBehind ? startFlusher() : null;
    if (writeBehind) {
      restoreAll();
    }
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
    TenantWindow w = windows.computeIfAbsent(tenant, t -> new TenantWindow());
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
    dirty.remove(tenant);
    if (w == null) {
      w = new TenantWindow();
    }
    // Under the lock a flush writes under, after the window left the map: no flush can write it
    // back.
    synchronized (w) {
      w.clear();
      if (state != null) {
        state.delete(tenant);
      }
    }
  }

  /** Writes every tenant changed since the last flush; also called on close. */
  public void flush() {
    if (state == null || state.shared()) {
      return;
    }
    for (String tenant : List.copyOf(dirty)) {
      dirty.remove(tenant);
      TenantWindow w = windows.get(tenant);
      if (w == null) {
        continue;
      }
      synchronized (w) {
        // Written under the window's lock, and only while it is still the tenant's: a tenant
        // forgotten meanwhile
        // must not be written back.
        if (windows.get(tenant) == w) {
          state.write(tenant, DetectorSnapshots.encode(w.stored()));
        }
      }
    }
  }

  @Override
  public void close() {
    if (flusher != null) {
      flusher.shutdownNow();
    }
    flush();
  }

  private boolean isShared() {
    return state != null && state.shared();
  }

  /**
   * The tenant's window; on a shared store always one, since another replica may have stored it.
   */
  private TenantWindow window(String tenant) {
    return isShared()
        ? windows.computeIfAbsent(tenant, t -> new TenantWindow())
        : windows.get(tenant);
  }

  /**
   * Applies {@code change} to the tenant's window under its lock. Unshared, the window is marked
   * for the next write-behind when {@code changed} says the value means a change. Shared, see
   * {@link SharedWindows#change}.
   */
  private <T> T change(String tenant, TenantWindow w, Supplier<T> change, Predicate<T> changed) {
    if (isShared()) {
      return shared.change(tenant, w, change, changed);
    }
    synchronized (w) {
      T value = change.get();
      if (state != null && changed.test(value)) {
        // Written at most once per FLUSH_INTERVAL on a thread of its own, so a triage never pays
        // for serialising
        // the window; a crash loses at most that interval.
        dirty.add(tenant);
      }
      return value;
    }
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

  private void restoreAll() {
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
