package dev.sift.evaluation.report;

import java.util.List;
import java.util.Map;

/**
 * What one run of the methods over a split gave: the guesses of every method with the truth, per
 * field.
 *
 * @param labels per label field and method, the guesses on the test tickets that have a value for
 *     the field
 * @param eta per method, the ETAs on the resolved test tickets
 * @param scored the test tickets triaged
 * @param embedTextsPerSecond the embedding rate, NaN when the vectors came from a cache
 */
public record Outcome(
    Map<String, Map<String, List<Metrics.Prediction>>> labels,
    Map<String, List<EtaMetrics.EtaPrediction>> eta,
    int scored,
    double embedTextsPerSecond) {}
