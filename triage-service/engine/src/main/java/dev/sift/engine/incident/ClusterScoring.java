package dev.sift.engine.incident;

import java.time.Duration;
import java.util.Locale;

/**
 * Judges a cluster: whether its size is improbable for its topic's usual rate (a Poisson tail below
 * the threshold), and the reason a person reads for it.
 */
final class ClusterScoring {

  private static final double SECONDS_PER_HOUR = 3_600.0;

  /**
   * How close (cosine) a cluster's centroid must still be to the one its usual rate was searched
   * for to reuse that rate. A new member moves the centroid by about 1/n of its distance from it,
   * so a growing cluster soon stops moving; 0.995 is an angle of about 6 degrees, small beside the
   * 44 of the default join similarity (0.72).
   */
  static final double RATE_REUSE_COSINE = 0.995;

  private final IncidentSettings settings;
  private final TopicRates rates;

  ClusterScoring(IncidentSettings settings, TopicRates rates) {
    this.settings = settings;
    this.rates = rates;
  }

  /**
   * Whether the cluster has enough tickets from enough distinct requesters or clients to be judged
   * at all.
   */
  boolean judgeable(Cluster c) {
    return c.members.size() >= settings.minTickets()
        && c.distinctReporters() >= settings.minDistinct();
  }

  /**
   * Scores a judgeable cluster against its topic's usual rate, marks it a candidate when
   * improbable, and describes it.
   */
  void evaluate(String tenant, Cluster c) {
    if (!judgeable(c)) {
      return;
    }
    double perHour = usualRate(tenant, c);
    c.score = Poisson.tail(c.members.size(), expected(c, perHour));
    c.usualRatePerHour = perHour;
    if (c.score < settings.maxTailProbability()) {
      c.candidate = true;
    }
    describe(c);
  }

  /**
   * The topic's usual rate costs a search of the tenant's history (200 to 4,000 hits); during an
   * incident every new ticket re-judges its cluster, and a search per ticket doubled the database
   * work of a triage on the pgvector backend. The rate counts history from before the cluster
   * began, which tickets arriving during it do not change; so it is searched again only when the
   * centroid or the start has moved. (A history replaced while a cluster is open is seen by its
   * next search, or by the next cluster.)
   */
  private double usualRate(String tenant, Cluster c) {
    boolean reusable =
        c.rateCentroid != null
            && c.firstSeen.equals(c.rateFirstSeen)
            && TenantWindow.dot(c.centroid(), c.rateCentroid) >= RATE_REUSE_COSINE; // unit vectors
    if (reusable) {
      return c.usualRatePerHour;
    }
    float[] centroid = c.centroid();
    double perHour =
        rates.perHour(tenant, centroid, c.firstSeen.minus(settings.expiry()), c.firstSeen);
    c.rateCentroid = centroid;
    c.rateFirstSeen = c.firstSeen;
    return perHour;
  }

  /** Writes the cluster's reason from its members, its usual rate and its score. */
  void describe(Cluster c) {
    Duration span = Duration.between(c.firstSeen, c.lastSeen);
    c.reason =
        String.format(
            Locale.ROOT,
            "%d tickets from %d requesters%s in %d min about '%s'; usual rate %.2f"
                + " per hour, so %.2f expected in that window (p = %.2g)",
            c.members.size(),
            c.requesters.size(),
            c.clients.size() > 1 ? " across " + c.clients.size() + " clients" : "",
            Math.max(1, span.toMinutes()),
            IncidentViews.representativeSubject(c),
            c.usualRatePerHour,
            expected(c, c.usualRatePerHour),
            c.score);
  }

  /**
   * Tickets the usual rate explains over the cluster's span, counted as at least the minimum
   * window.
   */
  private double expected(Cluster c, double perHour) {
    Duration span = Duration.between(c.firstSeen, c.lastSeen);
    Duration window = span.compareTo(settings.minWindow()) < 0 ? settings.minWindow() : span;
    return perHour * window.toSeconds() / SECONDS_PER_HOUR;
  }
}
