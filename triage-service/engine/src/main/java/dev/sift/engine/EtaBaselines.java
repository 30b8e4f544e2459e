package dev.sift.engine;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a tenant's resolution-time baselines, grouped by the most specific field its history has.
 * Only resolved tickets count: an open ticket's time to resolve is unknown, not zero and not "so
 * far".
 */
final class EtaBaselines {

  /** Fields tried in turn as the ETA group: the first one most resolved tickets carry wins. */
  static final List<LabelField> GROUP_FIELDS =
      List.of(LabelField.CATEGORY, LabelField.PRIORITY, LabelField.ASSIGNMENT_GROUP);

  /**
   * Resolution times drift (teams, tooling and backlogs change), so a ticket created this long
   * before the newest one weighs half as much in the quantiles, where the history is dense enough
   * ({@link #MIN_EFFECTIVE_TICKETS}): a year follows a drift within a year or two
   * (docs/accuracy.md, time to resolve).
   */
  static final Duration RECENCY_HALF_LIFE = Duration.ofDays(365);

  /**
   * The recency weights may not shrink the history below this many tickets' worth of evidence
   * (Kish's effective sample size, (Σw)² / Σw²), or all of it where it holds fewer: a median of a
   * few dozen effective tickets errs by more than following a drift gains. Hive's 150 resolved
   * tickets of a 200-ticket draw span twelve years, and a one-year half-life left about 40 of them:
   * its weighted median lost 0.018 of MAE ln(1 + h) to the plain one (docs/accuracy.md).
   */
  static final int MIN_EFFECTIVE_TICKETS = 200;

  /**
   * The half-life doubles until the weights keep {@link #MIN_EFFECTIVE_TICKETS}; past this many
   * doublings (a thousand years) the weights are all but equal and are dropped.
   */
  private static final int MAX_DOUBLINGS = 10;

  private static final double SECONDS_PER_DAY = 86_400.0;

  private EtaBaselines() {}

  static EtaBaseline of(List<Ticket> tickets) {
    return of(tickets, Set.of(), halfLifeDays(tickets));
  }

  /**
   * The baselines without the tickets in {@code excluded}, for judging them out of fold, weighted
   * with the half-life of the whole history ({@link #halfLifeDays(List)}), so that a backtest
   * judges the baselines that serve.
   */
  static EtaBaseline of(List<Ticket> tickets, Set<String> excluded, double halfLifeDays) {
    List<Ticket> resolved =
        tickets.stream()
            .filter(t -> t.resolutionTime().isPresent() && !excluded.contains(t.id()))
            .toList();
    LabelField group =
        GROUP_FIELDS.stream()
            .filter(
                f ->
                    resolved.stream().filter(t -> t.label(f) != null).count() * 2 > resolved.size())
            .findFirst()
            .orElse(null);
    Instant newest =
        resolved.stream().map(Ticket::createdAt).max(Instant::compareTo).orElse(Instant.EPOCH);
    Map<String, Samples> byGroup = new HashMap<>();
    Samples all = new Samples();
    for (Ticket t : resolved) {
      double weight = recencyWeight(t.createdAt(), newest, halfLifeDays);
      all.add(minutes(t), weight);
      if (group != null && t.label(group) != null) {
        byGroup.computeIfAbsent(t.label(group), x -> new Samples()).add(minutes(t), weight);
      }
    }
    Map<String, EtaBaseline.Quantiles> groups = new HashMap<>();
    byGroup.forEach((k, v) -> groups.put(k, v.quantiles()));
    return new EtaBaseline(group == null ? null : group.jsonName(), all.quantiles(), groups);
  }

  /** A resolved ticket's time to resolve, at least a minute so that its logarithm is defined. */
  static double minutes(Ticket t) {
    return Math.max(1.0, t.resolutionTime().orElseThrow().toSeconds() / 60.0);
  }

  /**
   * {@link #RECENCY_HALF_LIFE} in days for the resolved tickets among {@code tickets}, doubled as
   * often as it takes for the weights to keep {@link #MIN_EFFECTIVE_TICKETS}; infinite (equal
   * weights) where there are no more resolved tickets than that, or where no half-life of a
   * thousand years keeps them. A resolved ticket has its {@code createdAt}.
   */
  static double halfLifeDays(List<Ticket> tickets) {
    List<Ticket> resolved = tickets.stream().filter(t -> t.resolutionTime().isPresent()).toList();
    if (resolved.size() <= MIN_EFFECTIVE_TICKETS) {
      // Only equal weights keep every ticket's worth.
      return Double.POSITIVE_INFINITY;
    }
    Instant newest = resolved.stream().map(Ticket::createdAt).max(Instant::compareTo).orElseThrow();
    double[] ageDays = resolved.stream().mapToDouble(t -> ageDays(t.createdAt(), newest)).toArray();
    double days = RECENCY_HALF_LIFE.toSeconds() / SECONDS_PER_DAY;
    for (int doubling = 0; doubling <= MAX_DOUBLINGS; doubling++, days *= 2) {
      double sum = 0;
      double sumOfSquares = 0;
      for (double age : ageDays) {
        double w = weight(age, days);
        sum += w;
        sumOfSquares += w * w;
      }
      if (sum * sum / sumOfSquares >= MIN_EFFECTIVE_TICKETS) {
        return days;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  static double recencyWeight(Instant created, Instant newest, double halfLifeDays) {
    return weight(ageDays(created, newest), halfLifeDays);
  }

  /** Days from {@code created} to {@code newest}; 0 for a ticket dated after it. */
  private static double ageDays(Instant created, Instant newest) {
    return Math.max(0, Duration.between(created, newest).toSeconds()) / SECONDS_PER_DAY;
  }

  private static double weight(double ageDays, double halfLifeDays) {
    return Math.pow(0.5, ageDays / halfLifeDays);
  }

  /** Resolution times with their weights. */
  private static final class Samples {
    private final List<Double> minutes = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();

    void add(double m, double w) {
      minutes.add(m);
      weights.add(w);
    }

    EtaBaseline.Quantiles quantiles() {
      if (minutes.isEmpty()) {
        return new EtaBaseline.Quantiles(0, 0, 0);
      }
      double[] m = minutes.stream().mapToDouble(Double::doubleValue).toArray();
      double[] w = weights.stream().mapToDouble(Double::doubleValue).toArray();
      return new EtaBaseline.Quantiles(
          QuantileMath.weighted(m, w, EtaEstimator.P50),
          QuantileMath.weighted(m, w, EtaEstimator.P90),
          m.length);
    }
  }
}
