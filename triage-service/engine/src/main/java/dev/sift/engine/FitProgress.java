package dev.sift.engine;

/**
 * Told how far a tenant's refit has come, step by step: reading the history, finding the neighbours
 * of the backtest sample, training and replaying each field. A refit of a large tenant takes
 * minutes; without this a progress bar would sit still through them. Called from the fitting thread
 * and, within a step, from the threads of the common pool; implementations must be thread-safe and
 * cheap.
 */
@FunctionalInterface
public interface FitProgress {

  /** Reports nowhere. */
  FitProgress NONE = (step, done, total) -> {};

  /** The steps of a refit, in the order they run. */
  enum Step {
    READING_HISTORY("reading history"),
    FINDING_NEIGHBOURS("finding neighbours of the backtest sample"),
    FITTING_FIELDS("training and backtesting fields"),
    FITTING_ETA("fitting the resolution-time model");

    private final String label;

    Step(String label) {
      this.label = label;
    }

    /** What the step does, in a few words for a progress line. */
    public String label() {
      return label;
    }

    /** 1-based position, for "step 2/4". */
    public int number() {
      return ordinal() + 1;
    }
  }

  /**
   * {@code done} of {@code total} units of {@code step}: tickets read, sample tickets searched,
   * heads trained and fields replayed, or the ETA model (0 or 1 of 1). {@code done} never decreases
   * within a step.
   */
  void report(Step step, long done, long total);
}
