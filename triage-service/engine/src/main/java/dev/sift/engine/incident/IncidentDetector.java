package dev.sift.engine.incident;

import dev.sift.engine.state.StateStore;
import dev.sift.index.VectorIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Clusters each tenant's incoming tickets online and flags a cluster as a possible major incident when its size is
 * improbable for its topic: enough tickets, from enough distinct requesters or clients, and more than the topic's
 * usual rate explains (a Poisson tail probability below the threshold).
 *
 * <p>Ticket time drives everything, so a replay of last month behaves as it did live. Tenants never share a cluster:
 * each has its own window and lock.
 */
public final class IncidentDetector implements AutoCloseable {

  private static final double MINUTES_PER_HOUR = 60.0;
  /** Candidates are remembered this long after their last ticket, then forgotten. */
  static final Duration CANDIDATE_RETENTION = Duration.ofDays(7);

  private final IncidentSettings settings;
  private final TopicRates rates;
  private final int dimension;
  private final Map<String, TenantWindow> windows = new ConcurrentHashMap<>();
  private final List<BiConsumer<String, Incident>> listeners = new CopyOnWriteArrayList<>();
  /** Where windows are kept: null in memory only; unshared, written behind; shared, updated per ticket. */
  private final StateStore state;
  /** How often changed tenants are written to an unshared store. */
  static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
  private final java.util.Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.ScheduledExecutorService flusher;

  /**
   * @param spans each tenant's history time range, for the usual rates; null where there are no timestamps
   */
  public IncidentDetector(VectorIndex index, IncidentSettings settings, HistorySpans spans) {
    this(index, settings, spans, (StateStore) null);
  }

  /**
   * @param state where each tenant's clusters are kept. Unshared (files): in memory, written behind at most once per
   *     {@link #FLUSH_INTERVAL}. Shared (PostgreSQL, replicas): every observation and verdict is one update of the
   *     tenant's stored window under its lock, so replicas receiving tickets of one burst build one cluster. Null
   *     keeps the clusters in memory only.
   */
  public IncidentDetector(VectorIndex index, IncidentSettings settings, HistorySpans spans, StateStore state) {
    this.settings = settings;
    this.state = state;
    boolean writeBehind = state != null && !state.shared();
    this.flusher = !writeBehind ? null : java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sift-incident-state");
      t.setDaemon(true);
      return t;
    });
    if (flusher != null) {
      flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_INTERVAL.toMillis(), FLUSH_INTERVAL.toMillis(),
          java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    this.dimension = index.dimension();
    this.rates = new TopicRates(index, settings, tenant -> {
      Instant[] span = spans.span(tenant);
      return span == null ? null : new TopicRates.Span(span[0], span[1]);
    });
    if (writeBehind) {
      for (String tenant : state.tenants()) {
        try {
          state.read(tenant).ifPresent(stored -> {
            TenantWindow w = new TenantWindow();
            w.restore(tenant, DetectorSnapshots.decode(stored.content()), dimension);
            windows.put(tenant, w);
          });
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(IncidentDetector.class).warn("ignoring unreadable incident state of"
              + " tenant {}: {}", tenant, e.getMessage());
        }
      }
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

  /** Called with the tenant once for each cluster when it becomes a candidate, from the observing thread. */
  public void onCandidate(BiConsumer<String, Incident> listener) {
    listeners.add(listener);
  }

  /** Adds a ticket to its tenant's window and returns the cluster it joined. */
  public ClusterView observe(String tenant, TicketArrival ticket, float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException("vector dimension " + vector.length + " differs from " + dimension);
    }
    TenantWindow w = windows.computeIfAbsent(tenant, t -> new TenantWindow());
    Observed observed = isShared()
        ? updateShared(tenant, w, () -> observeLocked(tenant, w, ticket, vector))
        : observeLocal(tenant, w, ticket, vector);
    if (observed.raised() != null) {
      for (BiConsumer<String, Incident> l : listeners) {
        l.accept(tenant, observed.raised());
      }
    }
    return observed.view();
  }

  private record Observed(ClusterView view, Incident raised) {}

  private Observed observeLocal(String tenant, TenantWindow w, TicketArrival ticket, float[] vector) {
    synchronized (w) {
      Observed o = observeLocked(tenant, w, ticket, vector);
      save(tenant, w);
      return o;
    }
  }

  private Observed observeLocked(String tenant, TenantWindow w, TicketArrival ticket, float[] vector) {
    Incident raised = null;
    w.expire(ticket.createdAt(), settings.expiry());
    Cluster cluster = w.open.stream().filter(c -> c.contains(ticket.id())).findFirst().orElse(null);
    if (cluster == null) {
      cluster = nearest(w, vector);
      if (cluster == null) {
        cluster = new Cluster("inc-" + UUID.randomUUID().toString().substring(0, 12), tenant, dimension);
        w.open.add(cluster);
      }
      cluster.add(ticket, vector);
      boolean was = cluster.candidate;
      evaluate(tenant, cluster);
      if (cluster.candidate && !was) {
        w.candidates.add(cluster);
        raised = IncidentViews.of(cluster);
      }
    }
    return new Observed(new ClusterView(cluster.id, cluster.members.size(), cluster.requesters.size(),
        cluster.candidate), raised);
  }

  private boolean isShared() {
    return state != null && state.shared();
  }

  /**
   * Runs {@code change} on the tenant's stored window under the store's lock, in one short transaction: the window
   * is reloaded first when another replica changed it, and written back after. The local lock is held throughout,
   * so this replica's own threads queue in memory rather than on the database row.
   */
  private <T> T updateShared(String tenant, TenantWindow w, java.util.function.Supplier<T> change) {
    return updateShared(tenant, w, change, value -> true);
  }

  /**
   * As above, writing back only when {@code changed} says the value means a change; otherwise other replicas see no
   * new version and need not reload the window.
   */
  private <T> T updateShared(String tenant, TenantWindow w, java.util.function.Supplier<T> change,
      java.util.function.Predicate<T> changed) {
    synchronized (w) {
      try {
        StateStore.Applied<T> applied = state.update(tenant, w.version, current -> {
          w.catchUp(tenant, current, dimension);
          T value = change.get();
          return new StateStore.Result<>(changed.test(value) ? DetectorSnapshots.encode(w.stored()) : null, value);
        });
        w.version = applied.version();
        return applied.value();
      } catch (RuntimeException e) {
        w.version = TenantWindow.UNKNOWN; // memory may hold a change that was rolled back: reload next time
        throw e;
      }
    }
  }

  /** On a shared store, brings the window up to the stored version before it is read. */
  private void refresh(String tenant, TenantWindow w) {
    if (!isShared()) {
      return;
    }
    synchronized (w) {
      java.util.OptionalLong stored = state.version(tenant);
      if (stored.isPresent() && stored.getAsLong() != w.version) {
        // Deleted (a tombstone) when there is a version but no content: catch up to an empty window.
        java.util.Optional<StateStore.Versioned> v = state.read(tenant);
        w.catchUp(tenant, new StateStore.Current(v.map(StateStore.Versioned::version).orElse(stored.getAsLong()),
            v.map(StateStore.Versioned::content).orElse(null)), dimension);
      }
    }
  }

  /**
   * The tenant's candidates, newest first; with {@code openOnly}, those not confirmed, dismissed or expired. Expiry is
   * judged at the latest ticket time seen, not the wall clock, so that a replay reads as it did live.
   */
  public List<Incident> incidents(String tenant, boolean openOnly) {
    TenantWindow w = isShared() ? windows.computeIfAbsent(tenant, t -> new TenantWindow()) : windows.get(tenant);
    if (w == null) {
      return List.of();
    }
    refresh(tenant, w);
    synchronized (w) {
      if (w.latest != null) {
        w.expire(w.latest, settings.expiry());
      }
      return w.candidates.stream()
          .filter(c -> !openOnly || c.state == IncidentState.OPEN)
          .sorted(Comparator.comparing((Cluster c) -> c.lastSeen).reversed())
          .map(IncidentViews::of).toList();
    }
  }

  /** Records a person's verdict on a candidate; empty when the tenant has no such candidate. */
  public Optional<Incident> resolve(String tenant, String incidentId, IncidentState verdict) {
    if (verdict != IncidentState.CONFIRMED && verdict != IncidentState.DISMISSED) {
      throw new IllegalArgumentException("a verdict is CONFIRMED or DISMISSED, not " + verdict);
    }
    TenantWindow w = isShared() ? windows.computeIfAbsent(tenant, t -> new TenantWindow()) : windows.get(tenant);
    if (w == null) {
      return Optional.empty();
    }
    if (isShared()) {
      return updateShared(tenant, w, () -> resolveLocked(w, incidentId, verdict));
    }
    synchronized (w) {
      Optional<Incident> resolved = resolveLocked(w, incidentId, verdict);
      resolved.ifPresent(i -> save(tenant, w));
      return resolved;
    }
  }

  private static Optional<Incident> resolveLocked(TenantWindow w, String incidentId, IncidentState verdict) {
    for (Cluster c : w.candidates) {
      if (c.id.equals(incidentId)) {
        c.state = verdict;
        return Optional.of(IncidentViews.of(c));
      }
    }
    return Optional.empty();
  }

  /**
   * Forgets a ticket (an erasure request, or a ticket deleted by its platform): its subject, requester, client and
   * vector leave every cluster and candidate of the tenant, in memory and in the store, and the clusters' counts and
   * reasons are recomputed without it. A cluster left empty is dropped. Returns whether the window held the ticket.
   */
  public boolean forget(String tenant, String ticketId) {
    TenantWindow w = isShared() ? windows.computeIfAbsent(tenant, t -> new TenantWindow()) : windows.get(tenant);
    if (w == null || ticketId == null) {
      return false;
    }
    if (isShared()) {
      return updateShared(tenant, w, () -> forgetLocked(tenant, w, ticketId), forgotten -> forgotten);
    }
    synchronized (w) {
      boolean forgotten = forgetLocked(tenant, w, ticketId);
      if (forgotten) {
        save(tenant, w);
      }
      return forgotten;
    }
  }

  private boolean forgetLocked(String tenant, TenantWindow w, String ticketId) {
    boolean forgotten = false;
    // A candidate still open is one object in both lists: visit each cluster once.
    java.util.Set<Cluster> clusters = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    clusters.addAll(w.open);
    clusters.addAll(w.candidates);
    for (Cluster c : clusters) {
      if (!c.remove(ticketId)) {
        continue;
      }
      forgotten = true;
      if (c.members.isEmpty()) {
        w.open.remove(c);
        w.candidates.remove(c);
      } else if (c.members.size() >= settings.minTickets() && c.distinctReporters() >= settings.minDistinct()) {
        boolean was = c.candidate;
        evaluate(tenant, c);
        // Fewer tickets never make an alarm: a cluster that was no candidate does not become one by forgetting.
        c.candidate = was;
      } else if (c.reason != null) {
        describe(c);
      }
    }
    return forgotten;
  }

  /** Drops the tenant's whole window, in memory and in the store. */
  public void forgetTenant(String tenant) {
    TenantWindow w = windows.remove(tenant);
    dirty.remove(tenant);
    if (w == null) {
      w = new TenantWindow();
    }
    // Under the lock a flush writes under, after the window left the map: no flush can write it back.
    synchronized (w) {
      w.open.clear();
      w.candidates.clear();
      if (state != null) {
        state.delete(tenant);
      }
    }
  }

  /**
   * Marks the tenant's state for the next snapshot. Writing happens at most once per {@link #FLUSH_INTERVAL} on a
   * thread of its own, so a triage never pays for serialising the window; a crash loses at most that interval.
   */
  private void save(String tenant, TenantWindow w) {
    if (state != null) {
      dirty.add(tenant);
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
        // Written under the window's lock, and only while it is still the tenant's: a tenant forgotten meanwhile
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

  private Cluster nearest(TenantWindow w, float[] vector) {
    Cluster best = null;
    double bestSim = settings.joinSimilarity();
    for (Cluster c : w.open) {
      double sim = dot(c.centroid(), vector);
      if (sim >= bestSim) {
        best = c;
        bestSim = sim;
      }
    }
    return best;
  }

  private void evaluate(String tenant, Cluster c) {
    int size = c.members.size();
    if (size < settings.minTickets() || c.distinctReporters() < settings.minDistinct()) {
      return;
    }
    double perHour = rates.perHour(tenant, c.centroid(), c.firstSeen.minus(settings.expiry()), c.firstSeen);
    Duration span = Duration.between(c.firstSeen, c.lastSeen);
    Duration window = span.compareTo(settings.minWindow()) < 0 ? settings.minWindow() : span;
    double expected = perHour * window.toSeconds() / (MINUTES_PER_HOUR * MINUTES_PER_HOUR);
    c.score = Poisson.tail(size, expected);
    c.usualRatePerHour = perHour;
    if (c.score < settings.maxTailProbability()) {
      c.candidate = true;
    }
    describe(c);
  }

  /** Writes the cluster's reason from its members, its usual rate and its score. */
  private void describe(Cluster c) {
    Duration span = Duration.between(c.firstSeen, c.lastSeen);
    Duration window = span.compareTo(settings.minWindow()) < 0 ? settings.minWindow() : span;
    double expected = c.usualRatePerHour * window.toSeconds() / (MINUTES_PER_HOUR * MINUTES_PER_HOUR);
    c.reason = String.format(Locale.ROOT, "%d tickets from %d requesters%s in %d min about '%s'; usual rate %.2f"
            + " per hour, so %.2f expected in that window (p = %.2g)",
        c.members.size(), c.requesters.size(), c.clients.size() > 1 ? " across " + c.clients.size() + " clients"
            : "", Math.max(1, span.toMinutes()), IncidentViews.representativeSubject(c), c.usualRatePerHour,
        expected, c.score);
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(IncidentDetector.class).warn("cannot write incident state: {}",
          e.getMessage());
    }
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** One tenant's open clusters and its candidates (kept after their clusters close). */
  private static final class TenantWindow {
    /** No stored version is known: the next shared update reads the content. */
    static final long UNKNOWN = -1;

    final List<Cluster> open = new ArrayList<>();
    final List<Cluster> candidates = new ArrayList<>();
    Instant latest;
    /** The stored version this window reflects (0: nothing stored yet). */
    long version;

    DetectorSnapshots.StoredWindow stored() {
      return new DetectorSnapshots.StoredWindow(open.stream().map(DetectorSnapshots::store).toList(),
          candidates.stream().map(DetectorSnapshots::store).toList());
    }

    /** Replaces memory with the stored state when it is newer than what memory holds. */
    void catchUp(String tenant, StateStore.Current current, int dimension) {
      if (current.version() == version) {
        return;
      }
      open.clear();
      candidates.clear();
      if (current.content() != null) {
        restore(tenant, DetectorSnapshots.decode(current.content()), dimension);
      }
      version = current.version();
    }

    void restore(String tenant, DetectorSnapshots.StoredWindow stored, int dimension) {
      Map<String, Cluster> byId = new java.util.HashMap<>();
      for (DetectorSnapshots.StoredCluster c : stored.candidates()) {
        Cluster restored = DetectorSnapshots.restore(tenant, c, dimension);
        byId.put(restored.id, restored);
        candidates.add(restored);
      }
      for (DetectorSnapshots.StoredCluster c : stored.open()) {
        // A cluster that is both open and a candidate is one object, as it was before the restart.
        open.add(byId.computeIfAbsent(c.id(), id -> DetectorSnapshots.restore(tenant, c, dimension)));
      }
    }

    void expire(Instant now, Duration expiry) {
      if (latest == null || now.isAfter(latest)) {
        latest = now;
      }
      candidates.removeIf(c -> c.lastSeen.plus(CANDIDATE_RETENTION).isBefore(now));
      open.removeIf(c -> {
        boolean expired = c.expiredAt(now, expiry);
        if (expired && c.state == IncidentState.OPEN && c.candidate) {
          c.state = IncidentState.EXPIRED;
        }
        return expired;
      });
    }
  }
}
