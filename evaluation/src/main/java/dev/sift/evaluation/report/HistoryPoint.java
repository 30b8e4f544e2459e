package dev.sift.evaluation.report;

/**
 * One history size of a learning curve: its label ({@code 200} or {@code all}), the tickets it had,
 * and what the methods did with them.
 */
public record HistoryPoint(String size, int history, Outcome outcome, double triageMillisP50) {

  /** The size that means the whole history. */
  public static final String ALL = "all";

  /** Seed of the history shuffle that the smaller histories are prefixes of; report.md names it. */
  public static final long SUBSAMPLE_SEED = 42;
}
