package dev.sift.engine.coldstart;

import java.util.List;

/**
 * One field's entries: description vectors, example and history centroids (as sums), label counts,
 * fit, and the softmax of {@code log prior + similarity / temperature} over them that ranks a
 * ticket's labels.
 */
public final class Prototypes {

  /**
   * Temperature used before anything labelled can fit one; about what fits on the development data
   * sets.
   */
  static final double DEFAULT_TEMPERATURE = 0.03;

  /**
   * Weight of the description prototype before a fit; descriptions are all there is without
   * examples.
   */
  static final double DEFAULT_DESCRIPTION_WEIGHT = 0.5;

  final List<String> labels;
  final float[][] descriptions;
  final float[][] sums;
  final int[] vectors;
  final double[] pseudoCounts;
  final double[] labelCounts;

  /** The taxonomy's example vectors, kept for the leave-one-out fit. */
  final List<ZeroShotFit.Evidence> examples;

  double temperature = DEFAULT_TEMPERATURE;
  double descriptionWeight = DEFAULT_DESCRIPTION_WEIGHT;

  Prototypes(
      List<String> labels,
      float[][] descriptions,
      float[][] sums,
      int[] vectors,
      double[] pseudoCounts,
      double[] labelCounts,
      List<ZeroShotFit.Evidence> examples) {
    this.labels = labels;
    this.descriptions = descriptions;
    this.sums = sums;
    this.vectors = vectors;
    this.pseudoCounts = pseudoCounts;
    this.labelCounts = labelCounts;
    this.examples = examples;
  }

  public List<String> labels() {
    return labels;
  }

  /** Adds a history ticket to its label's centroid and count; false when the label has no entry. */
  public boolean add(String label, float[] vector) {
    int i = labels.indexOf(label);
    if (i < 0) {
      return false;
    }
    for (int d = 0; d < vector.length; d++) {
      sums[i][d] += vector[d];
    }
    vectors[i]++;
    labelCounts[i]++;
    return true;
  }

  /**
   * The same prototypes and fit with other label counts behind the prior (live feedback, when it
   * has seen more than the history); this one is left as it is, since triages may be reading it.
   */
  Prototypes withLabelCounts(double[] counts) {
    Prototypes p =
        new Prototypes(labels, descriptions, sums, vectors, pseudoCounts, counts.clone(), examples);
    p.temperature = temperature;
    p.descriptionWeight = descriptionWeight;
    return p;
  }

  double[] labelCounts() {
    return labelCounts.clone();
  }

  double temperature() {
    return temperature;
  }

  double descriptionWeight() {
    return descriptionWeight;
  }

  /**
   * Cosine of the vector with each entry's description and centroid ({@code NaN} for a centroid
   * with nothing in it); {@code own} is taken out of its own centroid.
   */
  double[][] similarities(float[] vector, int own) {
    int k = labels.size();
    double[] description = new double[k];
    double[] centroid = new double[k];
    for (int i = 0; i < k; i++) {
      description[i] = dot(descriptions[i], vector);
      boolean mine = i == own;
      if (vectors[i] - (mine ? 1 : 0) == 0) {
        centroid[i] = Double.NaN;
        continue;
      }
      float[] sum = sums[i];
      double dot = 0;
      double norm = 0;
      for (int d = 0; d < sum.length; d++) {
        double s = mine ? sum[d] - vector[d] : sum[d];
        dot += s * vector[d];
        norm += s * s;
      }
      centroid[i] = norm == 0 ? 0 : dot / Math.sqrt(norm);
    }
    return new double[][] {description, centroid};
  }

  double[] logPriors(int ownHistoryLabel) {
    int k = labels.size();
    double[] out = new double[k];
    double total = 0;
    for (int i = 0; i < k; i++) {
      out[i] = pseudoCounts[i] + Math.max(0, labelCounts[i] - (i == ownHistoryLabel ? 1 : 0));
      total += out[i];
    }
    for (int i = 0; i < k; i++) {
      out[i] = Math.log(out[i] / total);
    }
    return out;
  }

  double[] probabilities(
      double temperature, double descriptionWeight, double[][] sims, double[] logPriors) {
    int k = labels.size();
    double[] logits = new double[k];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      double centroid = sims[1][i];
      double similarity =
          Double.isNaN(centroid)
              ? sims[0][i]
              : descriptionWeight * sims[0][i] + (1 - descriptionWeight) * centroid;
      logits[i] = logPriors[i] + similarity / temperature;
      max = Math.max(max, logits[i]);
    }
    double sum = 0;
    for (int i = 0; i < k; i++) {
      logits[i] = Math.exp(logits[i] - max);
      sum += logits[i];
    }
    for (int i = 0; i < k; i++) {
      logits[i] /= sum;
    }
    return logits;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int d = 0; d < a.length; d++) {
      s += a[d] * b[d];
    }
    return s;
  }
}
