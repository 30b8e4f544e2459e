package dev.sift.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A learned part of a field's fit (a head) cross-fitted for calibration: the one that serves,
 * trained on everything, and one per backtest fold, trained without that fold's tickets, which
 * judges them. Where any fold is too small for one, there is none at all, neither per fold nor
 * serving, so that what is calibrated is what serves.
 *
 * @param serving trained on every example; null where there is none
 * @param folds one per fold, in the order of the folds; empty where there is none or no backtest
 */
record CrossFit<M>(M serving, List<M> folds) {

  private static final CrossFit<?> NONE = new CrossFit<>(null, List.of());

  /** No model: this part is off, or there is too little to learn from. */
  @SuppressWarnings("unchecked")
  static <M> CrossFit<M> none() {
    return (CrossFit<M>) NONE;
  }

  /**
   * Trains the serving model and one per fold, in parallel.
   *
   * @param train trains on the examples not in its argument, or returns null when too few remain;
   *     null when this part of the fit is turned off
   */
  static <M> CrossFit<M> of(Function<Set<String>, M> train, List<Set<String>> folds) {
    if (train == null) {
      return none();
    }
    List<Set<String>> exclusions = new ArrayList<>(folds.size() + 1);
    exclusions.add(Set.of());
    exclusions.addAll(folds);
    List<M> trained = exclusions.parallelStream().map(train).toList(); // keeps the order
    if (trained.contains(null)) {
      return none();
    }
    return new CrossFit<>(trained.getFirst(), trained.subList(1, trained.size()));
  }

  /** The model that judges the backtest tickets of fold {@code fold}; null where there is none. */
  M forFold(int fold) {
    return serving == null ? null : folds.get(fold);
  }
}
