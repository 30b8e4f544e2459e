package dev.sift.engine.incident;

import java.time.Duration;
import java.util.Locale;

/**
 * Judges a cluster: whether its size is improbable for its topic's usual rate (a Poisson tail below
 * the threshold), and the reason a person reads for it.
 */
final class ClusterScoring {

  private static final double SECONDS_PER_HOUR = 3_600.0;

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
    double perHour =
        rates.perHour(tenant, c.centroid(), c.firstSeen.minus(settings.expiry()), c.firstSeen);
    c.score = Poisson.tail(c.members.size(), expected(c, perHour));
    c.usualRatePerHour = perHour;
    if (c.score < settings.maxTailProbability()) {
      c.candidate = true;
    }
    describe(c);
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
