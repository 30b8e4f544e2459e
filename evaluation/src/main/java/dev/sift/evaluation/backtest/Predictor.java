package dev.sift.evaluation.backtest;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One method under evaluation. The runner feeds every method the same history, in the same order,
 * and asks each for its guesses on the same test tickets.
 */
interface Predictor extends AutoCloseable {

  /** The method's name on the command line and in the reports. */
  String name();

  /**
   * Whether the method has anything to say about a field ({@code eta} or a label field's json
   * name).
   */
  boolean supports(String field);

  /**
   * New history tickets, as known at their creation; for Sift's methods the shared store already
   * holds them.
   */
  default void add(List<Ticket> tickets) throws IOException {}

  /** History tickets that have since been resolved, now carrying {@code resolvedAt}. */
  default void resolved(List<Ticket> tickets) {}

  /**
   * Refits whatever the method fits on the whole history (calibration, linear heads, classifiers).
   */
  default void refit() throws IOException {}

  /** The method's guesses for one ticket, whose prepared text was embedded as {@code vector}. */
  Answer predict(Ticket ticket, float[] vector) throws IOException;

  @Override
  default void close() throws IOException {}

  /**
   * A guess for one label field: the top value (also when abstaining), its confidence, values best
   * first.
   */
  record Guess(String value, double confidence, boolean abstained, List<String> ranked) {}

  /** An ETA in minutes; {@code p90} is NaN when the method gives no interval. */
  record EtaGuess(double p50, double p90) {}

  /** Guesses per label field (absent when the method has none) and the ETA (null when none). */
  record Answer(Map<LabelField, Guess> labels, EtaGuess eta) {}
}
