package dev.sift.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Time to resolve from the resolved neighbours, shrunk towards the tenant's median for the suggested group (in log
 * space, where resolution times are roughly symmetric). With too few resolved neighbours, the group's own figures
 * are used, and failing those the tenant's.
 */
final class EtaEstimator {

  private static final double P50 = 0.5;
  private static final double P90 = 0.9;

  private final int minResolved;
  private final double priorWeight;

  EtaEstimator(int minResolved, double priorWeight) {
    this.minResolved = minResolved;
    this.priorWeight = priorWeight;
  }

  /** @param groupValue the suggested (or known) value of the baseline's group field; may be null */
  Eta estimate(List<Neighbour> neighbours, double[] weights, EtaBaseline baseline, String groupValue) {
    EtaBaseline.Quantiles prior = baseline == null ? null : baseline.byGroup().get(groupValue);
    String priorMethod = "group-median";
    if (prior == null || prior.count() == 0) {
      prior = baseline == null ? null : baseline.overall();
      priorMethod = "tenant-median";
    }
    List<Double> minutes = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    for (int i = 0; i < neighbours.size(); i++) {
      var time = neighbours.get(i).ticket().resolutionTime();
      if (time.isPresent()) {
        minutes.add(Math.max(1.0, time.get().toSeconds() / 60.0));
        w.add(weights[i]);
      }
    }
    if (minutes.size() < minResolved) {
      if (prior == null || prior.count() == 0) {
        return null;
      }
      return new Eta(Math.round(prior.p50()), Math.round(Math.max(prior.p50(), prior.p90())), 0, priorMethod);
    }
    double[] m = minutes.stream().mapToDouble(Double::doubleValue).toArray();
    double[] ww = w.stream().mapToDouble(Double::doubleValue).toArray();
    double p50 = QuantileMath.weighted(m, ww, P50);
    double p90 = QuantileMath.weighted(m, ww, P90);
    if (prior != null && prior.count() > 0 && priorWeight > 0) {
      double n = minutes.size();
      p50 = blend(p50, prior.p50(), n);
      p90 = blend(p90, prior.p90(), n);
    }
    return new Eta(Math.round(p50), Math.round(Math.max(p50, p90)), minutes.size(), "neighbours");
  }

  private double blend(double neighbours, double prior, double n) {
    double log = (n * Math.log(neighbours) + priorWeight * Math.log(Math.max(1.0, prior))) / (n + priorWeight);
    return Math.exp(log);
  }
}
