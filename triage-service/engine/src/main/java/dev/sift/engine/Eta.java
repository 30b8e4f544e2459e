package dev.sift.engine;

/**
 * Expected time to resolve.
 *
 * @param basedOn resolved neighbours behind the figures; 0 when they come from the tenant's medians
 * @param method {@code neighbours}, {@code group-median} or {@code tenant-median}
 */
public record Eta(long p50Minutes, long p90Minutes, int basedOn, String method) {}
