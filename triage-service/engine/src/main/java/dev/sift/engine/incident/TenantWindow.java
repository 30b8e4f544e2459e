package dev.sift.engine.incident;

import dev.sift.engine.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One tenant's open clusters and its candidates (kept after their clusters close): the online
 * clustering itself, with no threads, locks or storage. {@link IncidentDetector} calls it under the
 * tenant's lock and persists it.
 */
final class TenantWindow {

  /** Nothing stored is known: the next shared update reads the snapshot and the whole log. */
  static final StateStore.Position UNKNOWN = new StateStore.Position(-1, 0);

  /**
   * The log is compacted into a new snapshot once it holds more records than the window holds
   * tickets, and not before this many: a replica catching up then replays at most about a window's
   * worth of records, and the snapshot's cost is spread over as many changes as it is large.
   */
  static final int MIN_LOG_BEFORE_COMPACTING = 256;

  /** Candidates are remembered this long after their last ticket, then forgotten. */
  static final Duration CANDIDATE_RETENTION = Duration.ofDays(7);

  /**
   * Characters of a random UUID kept in a cluster id: enough to be unique within a tenant's week.
   */
  private static final int CLUSTER_ID_CHARS = 12;

  /**
   * Held while the window's encoded state is written to, or deleted from, the store: a write of a
   * large window takes milliseconds, and triages, which take only the window's own lock, must not
   * wait for it.
   */
  final Object storeLock = new Object();

  final List<Cluster> open = new ArrayList<>();
  final List<Cluster> candidates = new ArrayList<>();
  Instant latest;

  /** How far this window reflects the shared journal. */
  StateStore.Position position = StateStore.Position.NOTHING;

  /** Records on the shared log after its snapshot: what a replica reloading would replay. */
  int logged;

  /**
   * The changes made since the last shared update, as log records; null when the window is not
   * shared.
   */
  List<WindowChanges.Change> journal;

  /**
   * Set by a change that must not stay on the log (an erasure): the next shared update replaces the
   * snapshot and drops the log instead of appending.
   */
  boolean rewrite;

  /**
   * What an observation did: the cluster the ticket joined, and the incident it raised (or null).
   */
  record Observed(ClusterView view, Incident raised) {}

  Observed observe(
      String tenant,
      TicketArrival ticket,
      float[] vector,
      int dimension,
      IncidentSettings settings,
      ClusterScoring scoring) {
    Incident raised = null;
    expire(ticket.createdAt(), settings.expiry());
    Cluster cluster = open.stream().filter(c -> c.contains(ticket.id())).findFirst().orElse(null);
    if (cluster == null) {
      cluster = nearest(vector, settings.joinSimilarity());
      if (cluster == null) {
        cluster =
            new Cluster(
                "inc-" + UUID.randomUUID().toString().substring(0, CLUSTER_ID_CHARS),
                tenant,
                dimension);
        open.add(cluster);
      }
      cluster.add(ticket, vector);
      boolean was = cluster.candidate;
      scoring.evaluate(tenant, cluster);
      if (cluster.candidate && !was) {
        candidates.add(cluster);
        raised = IncidentViews.of(cluster);
      }
      if (journal != null) {
        journal.add(
            new WindowChanges.Change(WindowChanges.Joined.of(ticket, vector, cluster), null));
      }
    }
    return new Observed(
        new ClusterView(
            cluster.id, cluster.members.size(), cluster.requesters.size(), cluster.candidate),
        raised);
  }

  /**
   * Candidates newest first; with {@code openOnly}, those not confirmed, dismissed or expired by
   * the latest ticket.
   */
  List<Incident> incidents(boolean openOnly, Duration expiry) {
    if (latest != null) {
      expire(latest, expiry);
    }
    return candidates.stream()
        .filter(c -> !openOnly || c.state == IncidentState.OPEN)
        .sorted(Comparator.comparing((Cluster c) -> c.lastSeen).reversed())
        .map(IncidentViews::of)
        .toList();
  }

  Optional<Incident> resolve(String incidentId, IncidentState verdict) {
    for (Cluster c : candidates) {
      if (c.id.equals(incidentId)) {
        c.state = verdict;
        if (journal != null) {
          journal.add(
              new WindowChanges.Change(null, new WindowChanges.Resolved(incidentId, verdict)));
        }
        return Optional.of(IncidentViews.of(c));
      }
    }
    return Optional.empty();
  }

  /**
   * Removes the ticket from every cluster and candidate, re-judging what is left; whether any held
   * it.
   */
  boolean forget(String tenant, String ticketId, ClusterScoring scoring) {
    boolean forgotten = false;
    // A candidate still open is one object in both lists: visit each cluster once.
    Set<Cluster> clusters = Collections.newSetFromMap(new IdentityHashMap<>());
    clusters.addAll(open);
    clusters.addAll(candidates);
    for (Cluster c : clusters) {
      if (!c.remove(ticketId)) {
        continue;
      }
      forgotten = true;
      rewrite = true;
      if (c.members.isEmpty()) {
        open.remove(c);
        candidates.remove(c);
      } else if (scoring.judgeable(c)) {
        boolean was = c.candidate;
        scoring.evaluate(tenant, c);
        // Fewer tickets never make an alarm: a cluster that was no candidate does not become one by
        // forgetting.
        c.candidate = was;
      } else if (c.reason != null) {
        scoring.describe(c);
      }
    }
    return forgotten;
  }

  /**
   * Whether the next journal write is the whole window rather than {@code changes} log records:
   * when the journal holds no snapshot yet (a delete must find one to tombstone, so replicas see
   * it), after an erasure, or when the log would outgrow the window. Counts the records the log
   * will hold after the write.
   */
  boolean wholeWindowDue(int changes, boolean hasSnapshot) {
    int afterAppend = logged + changes;
    boolean due =
        rewrite
            || !hasSnapshot
            // The window is counted only once the log could outgrow it.
            || afterAppend > MIN_LOG_BEFORE_COMPACTING && afterAppend > tickets();
    logged = due ? 0 : afterAppend;
    return due;
  }

  /** Tickets held by the window's clusters, open or candidates, each cluster counted once. */
  private int tickets() {
    Set<Cluster> clusters = Collections.newSetFromMap(new IdentityHashMap<>());
    clusters.addAll(open);
    clusters.addAll(candidates);
    return clusters.stream().mapToInt(c -> c.members.size()).sum();
  }

  void clear() {
    open.clear();
    candidates.clear();
  }

  private Cluster nearest(float[] vector, double joinSimilarity) {
    Cluster best = null;
    double bestSim = joinSimilarity;
    for (Cluster c : open) {
      double sim = dot(c.centroid(), vector);
      if (sim >= bestSim) {
        best = c;
        bestSim = sim;
      }
    }
    return best;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** The window as it stands, cheap to take under its lock; encode it outside the lock. */
  DetectorSnapshots.WindowSnapshot snapshot() {
    return new DetectorSnapshots.WindowSnapshot(
        open.stream().map(DetectorSnapshots::snapshot).toList(),
        candidates.stream().map(DetectorSnapshots::snapshot).toList());
  }

  /**
   * Brings memory up to the shared journal: rebuilt from the snapshot when it was replaced, then
   * each new log record applied as it was decided.
   */
  void catchUp(String tenant, StateStore.Journal journal, int dimension, Duration expiry) {
    if (journal.reloaded()) {
      clear();
      logged = 0;
      if (journal.snapshot() != null) {
        restore(tenant, DetectorSnapshots.decode(journal.snapshot()), dimension);
      }
    }
    for (StateStore.LogRecord record : journal.log()) {
      apply(tenant, WindowChanges.decode(record), dimension, expiry);
    }
    logged += journal.log().size();
  }

  /** Applies a change another replica (or this one, before a reload) decided and logged. */
  private void apply(String tenant, WindowChanges.Change change, int dimension, Duration expiry) {
    if (change.resolved() != null) {
      for (Cluster c : candidates) {
        if (c.id.equals(change.resolved().incident())) {
          c.state = change.resolved().verdict();
        }
      }
      return;
    }
    WindowChanges.Joined j = change.joined();
    expire(j.ticket().createdAt(), expiry);
    Cluster cluster = open.stream().filter(c -> c.id.equals(j.cluster())).findFirst().orElse(null);
    if (cluster == null) {
      cluster = new Cluster(j.cluster(), tenant, dimension);
      open.add(cluster);
    }
    cluster.add(j.ticket(), DetectorSnapshots.vector(j.vector(), dimension));
    if (j.candidate() && !cluster.candidate) {
      candidates.add(cluster);
    }
    cluster.candidate = j.candidate();
    cluster.score = j.score();
    cluster.usualRatePerHour = j.usualRatePerHour();
    // Another replica's rate, for a centroid this one did not search: its next judgement searches.
    cluster.rateCentroid = null;
    cluster.reason = j.reason();
  }

  void restore(String tenant, DetectorSnapshots.StoredWindow stored, int dimension) {
    Map<String, Cluster> byId = new HashMap<>();
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
    open.removeIf(
        c -> {
          boolean expired = c.expiredAt(now, expiry);
          if (expired && c.state == IncidentState.OPEN && c.candidate) {
            c.state = IncidentState.EXPIRED;
          }
          return expired;
        });
  }
}
