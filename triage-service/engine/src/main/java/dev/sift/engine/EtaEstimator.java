package dev.sift.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Time to resolve, by one of four estimators; each tenant's history chooses which by backtest
 * ({@link EtaFitter}).
 *
 * <ul>
 *   <li>{@code neighbours}: the resolved neighbours' similarity-weighted median, shrunk towards the
 *       group's figure in log space (where resolution times are roughly symmetric); the group's
 *       figure with too few resolved ones.
 *   <li>{@code group}: the recency-weighted median of the suggested group (category, else priority
 *       or assignment group), shrunk towards the tenant's median by how many tickets the group has;
 *       the median for an unknown group.
 *   <li>{@code median}: the tenant's recency-weighted median.
 *   <li>{@code blend}: the median and the neighbours' figure mixed on the scale of ln(1 + hours),
 *       the neighbours weighing {@link EtaFit#blendWeight}: where each carries part of the signal,
 *       the mix errs less than either.
 * </ul>
 *
 * The p90 is the p50 times the answering estimator's split-conformal margin.
 */
final class EtaEstimator {

  static final double P50 = 0.5;
  static final double P90 = 0.9;

  private static final double MINUTES_PER_HOUR = 60.0;

  private final int minResolved;
  private final double priorWeight;

  /** A p50 in minutes, the estimator that gave it, and the resolved neighbours behind it. */
  record Point(double p50, String method, int basedOn) {}

  /**
   * @param minResolved resolved neighbours needed before the neighbours answer
   * @param priorWeight pseudo-count of the prior in each shrinkage (group towards median,
   *     neighbours towards group)
   */
  EtaEstimator(int minResolved, double priorWeight) {
    this.minResolved = minResolved;
    this.priorWeight = priorWeight;
  }

  /**
   * @param groupValue the suggested (or known) value of the baseline's group field; may be null
   * @return null when the tenant has no resolved history and too few resolved neighbours
   */
  Eta estimate(List<Neighbour> neighbours, double[] weights, EtaFit fit, String groupValue) {
    if (fit == null || fit.baseline() == null) {
      return null;
    }
    Point p =
        EtaFit.BLEND.equals(fit.method())
            ? blend(neighbours, weights, fit.baseline(), groupValue, fit.blendWeight())
            : point(fit.method(), neighbours, weights, fit.baseline(), groupValue);
    if (p == null) {
      return null;
    }
    double p90 = p.p50() * Math.exp(Math.max(0, fit.p90LogMargin(p.method())));
    return new Eta(
        Math.round(p.p50()), Math.round(Math.max(p.p50(), p90)), p.basedOn(), p.method());
  }

  /**
   * The p50 of the named estimator, or of the one it falls back to; null when none has anything to
   * go on.
   */
  Point point(
      String method,
      List<Neighbour> neighbours,
      double[] weights,
      EtaBaseline baseline,
      String groupValue) {
    return switch (method == null ? EtaFit.MEDIAN : method) {
      case EtaFit.NEIGHBOURS -> neighbours(neighbours, weights, baseline, groupValue);
      case EtaFit.GROUP -> group(baseline, groupValue);
      default -> median(baseline);
    };
  }

  /**
   * The median's and the neighbours' p50 mixed on ln(1 + hours), {@code weight} of it the
   * neighbours'; either one alone when the other has nothing to go on.
   */
  Point blend(
      List<Neighbour> neighbours,
      double[] weights,
      EtaBaseline baseline,
      String groupValue,
      double weight) {
    Point median = median(baseline);
    Point near = neighbours(neighbours, weights, baseline, groupValue);
    if (median == null || near == null) {
      return median == null ? near : median;
    }
    return new Point(mix(median.p50(), near.p50(), weight), EtaFit.BLEND, near.basedOn());
  }

  /** {@code (1 - weight) · a + weight · b} on the scale of ln(1 + hours), in minutes. */
  static double mix(double aMinutes, double bMinutes, double weight) {
    double log = (1 - weight) * logHours(aMinutes) + weight * logHours(bMinutes);
    return Math.expm1(log) * MINUTES_PER_HOUR;
  }

  /** ln(1 + hours): the scale the backtest scores on, where resolution times are near symmetric. */
  static double logHours(double minutes) {
    return Math.log1p(minutes / MINUTES_PER_HOUR);
  }

  static Point median(EtaBaseline baseline) {
    EtaBaseline.Quantiles all = baseline.overall();
    return all == null || all.count() == 0 ? null : new Point(all.p50(), EtaFit.MEDIAN, 0);
  }

  Point group(EtaBaseline baseline, String groupValue) {
    Point median = median(baseline);
    EtaBaseline.Quantiles g = groupValue == null ? null : baseline.byGroup().get(groupValue);
    if (median == null || g == null || g.count() == 0) {
      return median;
    }
    return new Point(blend(g.p50(), g.count(), median.p50()), EtaFit.GROUP, 0);
  }

  Point neighbours(
      List<Neighbour> neighbours, double[] weights, EtaBaseline baseline, String groupValue) {
    List<Double> minutes = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    for (int i = 0; i < neighbours.size(); i++) {
      // An open neighbour's time to resolve is unknown: it neither votes nor counts towards
      // minResolved.
      if (neighbours.get(i).ticket().resolutionTime().isPresent()) {
        minutes.add(EtaBaselines.minutes(neighbours.get(i).ticket()));
        w.add(weights[i]);
      }
    }
    Point prior = group(baseline, groupValue);
    if (minutes.size() < minResolved) {
      return prior;
    }
    double p50 =
        QuantileMath.weighted(
            minutes.stream().mapToDouble(Double::doubleValue).toArray(),
            w.stream().mapToDouble(Double::doubleValue).toArray(),
            P50);
    if (prior != null) {
      p50 = blend(p50, minutes.size(), prior.p50());
    }
    return new Point(p50, EtaFit.NEIGHBOURS, minutes.size());
  }

  /**
   * {@code n} observations with median {@code value}, shrunk in log space towards {@code prior}.
   */
  private double blend(double value, double n, double prior) {
    double log =
        (n * Math.log(Math.max(1.0, value)) + priorWeight * Math.log(Math.max(1.0, prior)))
            / (n + priorWeight);
    return Math.exp(log);
  }
}
