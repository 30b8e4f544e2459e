package dev.sift.engine.coldstart;

import java.util.ArrayList;
import java.util.List;

/**
 * The fit of a field's zero-shot classifier: temperature and description weight chosen on a grid by
 * leave-one-out likelihood over the taxonomy's examples and the labelled history.
 */
final class ZeroShotFit {

  static final double[] TEMPERATURES = {0.01, 0.015, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2};
  static final double[] DESCRIPTION_WEIGHTS = {0, 0.25, 0.5, 0.75, 1};

  /**
   * A labelled vector a fit can replay: a taxonomy example or a history ticket, each taken out of
   * its own entry.
   */
  record Evidence(float[] vector, int label, boolean history) {}

  private ZeroShotFit() {}

  /**
   * Fits temperature and description weight by leave-one-out likelihood over the evidence (each
   * taken out of its own centroid, and history also out of the label counts), keeps them in {@code
   * p}, and returns each item's outcome at the fitted values: {top probability, 1 if the top entry
   * is its label else 0}.
   */
  static List<double[]> fit(Prototypes p, List<Evidence> evidence) {
    if (evidence.isEmpty()) {
      return List.of();
    }
    int n = evidence.size();
    double[][][] sims = new double[n][][];
    double[][] priors = new double[n][];
    for (int j = 0; j < n; j++) {
      Evidence e = evidence.get(j);
      sims[j] = p.similarities(e.vector(), e.label());
      priors[j] = p.logPriors(e.history() ? e.label() : -1);
    }
    double bestLikelihood = Double.NEGATIVE_INFINITY;
    for (double t : TEMPERATURES) {
      for (double w : DESCRIPTION_WEIGHTS) {
        double likelihood = 0;
        for (int j = 0; j < n; j++) {
          likelihood +=
              Math.log(
                  Math.max(
                      1e-12, p.probabilities(t, w, sims[j], priors[j])[evidence.get(j).label()]));
        }
        if (likelihood > bestLikelihood) {
          bestLikelihood = likelihood;
          p.temperature = t;
          p.descriptionWeight = w;
        }
      }
    }
    List<double[]> outcomes = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      double[] probabilities =
          p.probabilities(p.temperature, p.descriptionWeight, sims[j], priors[j]);
      int top = 0;
      for (int i = 1; i < probabilities.length; i++) {
        top = probabilities[i] > probabilities[top] ? i : top;
      }
      outcomes.add(new double[] {probabilities[top], top == evidence.get(j).label() ? 1 : 0});
    }
    return outcomes;
  }
}
