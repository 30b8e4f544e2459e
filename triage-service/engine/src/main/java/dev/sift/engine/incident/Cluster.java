package dev.sift.engine.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A group of similar recent tickets of one tenant. Mutated only under the detector's tenant lock.
 */
final class Cluster {
  final String id;
  final String tenant;
  private final float[] sum;
  private float[] centroid;
  final List<TicketArrival> members = new ArrayList<>();
  final List<float[]> vectors = new ArrayList<>();
  final Set<String> memberIds = new LinkedHashSet<>();
  final Set<String> requesters = new LinkedHashSet<>();
  final Set<String> clients = new LinkedHashSet<>();
  Instant firstSeen;
  Instant lastSeen;
  IncidentState state = IncidentState.OPEN;
  boolean candidate;
  double score = 1.0;
  double usualRatePerHour = Double.NaN;
  String reason;

  /** The centroid and first arrival that {@link #usualRatePerHour} was searched for. */
  float[] rateCentroid;

  Instant rateFirstSeen;

  Cluster(String id, String tenant, int dimension) {
    this.id = id;
    this.tenant = tenant;
    this.sum = new float[dimension];
    this.centroid = new float[dimension];
  }

  float[] centroid() {
    return centroid;
  }

  boolean contains(String ticketId) {
    return ticketId != null && memberIds.contains(ticketId);
  }

  void add(TicketArrival t, float[] vector) {
    members.add(t);
    vectors.add(vector);
    if (t.id() != null) {
      memberIds.add(t.id());
    }
    if (t.requester() != null) {
      requesters.add(t.requester());
    }
    if (t.client() != null) {
      clients.add(t.client());
    }
    firstSeen = firstSeen == null || t.createdAt().isBefore(firstSeen) ? t.createdAt() : firstSeen;
    lastSeen = lastSeen == null || t.createdAt().isAfter(lastSeen) ? t.createdAt() : lastSeen;
    double norm = 0;
    for (int i = 0; i < sum.length; i++) {
      sum[i] += vector[i];
      norm += (double) sum[i] * sum[i];
    }
    float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
    float[] c = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      c[i] = sum[i] * inv;
    }
    centroid = c;
  }

  /**
   * Removes every member with this ticket id (its subject, requester, client and vector) and
   * recomputes what they contributed to; returns whether any was removed.
   */
  boolean remove(String ticketId) {
    if (!contains(ticketId)) {
      return false;
    }
    List<TicketArrival> keptMembers = new ArrayList<>();
    List<float[]> keptVectors = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      if (!ticketId.equals(members.get(i).id())) {
        keptMembers.add(members.get(i));
        keptVectors.add(vectors.get(i));
      }
    }
    members.clear();
    vectors.clear();
    memberIds.clear();
    requesters.clear();
    clients.clear();
    firstSeen = null;
    lastSeen = null;
    java.util.Arrays.fill(sum, 0f);
    centroid = new float[sum.length];
    for (int i = 0; i < keptMembers.size(); i++) {
      add(keptMembers.get(i), keptVectors.get(i));
    }
    return true;
  }

  boolean expiredAt(Instant now, Duration expiry) {
    // Compared as a duration: lastSeen.plus(expiry) overflows for a lastSeen near Instant.MAX.
    return lastSeen != null
        && now.isAfter(lastSeen)
        && Duration.between(lastSeen, now).compareTo(expiry) > 0;
  }

  int distinctReporters() {
    return Math.max(requesters.size(), clients.size());
  }
}
