package dev.sift.engine;

import java.util.Map;

/**
 * Resolution times of a tenant's history, the fallback when too few neighbours are resolved.
 *
 * @param groupField the field the per-group figures are keyed by (category where the tenant has one)
 * @param overall p50 and p90 over all resolved tickets
 * @param byGroup p50 and p90 per value of {@code groupField}
 */
public record EtaBaseline(String groupField, Quantiles overall, Map<String, Quantiles> byGroup) {

  /** Minutes to resolve: median, 90th percentile, and how many resolved tickets they come from. */
  public record Quantiles(double p50, double p90, long count) {}
}
