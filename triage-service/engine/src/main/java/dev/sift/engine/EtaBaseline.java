package dev.sift.engine;

import java.util.Map;

/**
 * Resolution times of a tenant's resolved history, weighted towards recent tickets ({@link
 * EtaBaselines#RECENCY_HALF_LIFE}): what the group and median estimators answer with, and the prior
 * the neighbours are shrunk towards.
 *
 * @param groupField the field the per-group figures are keyed by (category where the tenant has
 *     one)
 * @param overall p50 and p90 over all resolved tickets
 * @param byGroup p50 and p90 per value of {@code groupField}
 */
public record EtaBaseline(String groupField, Quantiles overall, Map<String, Quantiles> byGroup) {

  /** Minutes to resolve: median, 90th percentile, and how many resolved tickets they come from. */
  public record Quantiles(double p50, double p90, long count) {}
}
