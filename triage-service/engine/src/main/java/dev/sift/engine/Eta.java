package dev.sift.engine;

/**
 * Expected time to resolve.
 *
 * @param basedOn resolved neighbours behind the figures; 0 when they come from the tenant's medians
 * @param method the estimator that answered: {@code neighbours}, {@code group} or {@code median}
 *     ({@link EtaFit})
 */
public record Eta(long p50Minutes, long p90Minutes, int basedOn, String method) {}
