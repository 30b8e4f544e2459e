package dev.sift.engine.coldstart;

import dev.sift.embedding.Embedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zero-shot classification over a field's taxonomy. Each entry has two prototypes: the embedding of
 * its name and description, and the centroid of its example subjects and of whatever stored history
 * carries that label. A ticket's probability for an entry is a softmax of {@code log prior +
 * similarity / temperature}, the similarity mixing both prototypes. The prior is the field's label
 * counts (history or live feedback), smoothed towards the taxonomy's own priors or, where it gives
 * none, uniform: where the text says little, the most frequent label wins. Temperature and mix are
 * fitted by leave-one-out likelihood over the examples and history (see {@link #fit}).
 */
public final class ZeroShotClassifier {

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

  static final double[] TEMPERATURES = {0.01, 0.015, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2};
  static final double[] DESCRIPTION_WEIGHTS = {0, 0.25, 0.5, 0.75, 1};

  /**
   * How many tickets a taxonomy's own priors weigh against the tenant's real label counts: enough
   * to steer an empty desk, little enough that a few hundred real labels outweigh a guess.
   */
  static final double TAXONOMY_PRIOR_TICKETS = 20;

  private final Embedder embedder;

  public ZeroShotClassifier(Embedder embedder) {
    this.embedder = embedder;
  }

  /**
   * One field's entries: description vectors, example and history centroids (as sums), label
   * counts, fit.
   */
  public static final class Prototypes {
    final List<String> labels;
    final float[][] descriptions;
    final float[][] sums;
    final int[] vectors;
    final double[] pseudoCounts;
    final double[] labelCounts;

    /** The taxonomy's example vectors, kept for the leave-one-out fit. */
    final List<Evidence> examples;

    double temperature = DEFAULT_TEMPERATURE;
    double descriptionWeight = DEFAULT_DESCRIPTION_WEIGHT;

    Prototypes(
        List<String> labels,
        float[][] descriptions,
        float[][] sums,
        int[] vectors,
        double[] pseudoCounts,
        double[] labelCounts,
        List<Evidence> examples) {
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

    /**
     * Adds a history ticket to its label's centroid and count; false when the label has no entry.
     */
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
          new Prototypes(
              labels, descriptions, sums, vectors, pseudoCounts, counts.clone(), examples);
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
  }

  /** A label with its probability for the ticket. */
  public record Scored(String label, double probability) {}

  /**
   * A labelled vector a fit can replay: a taxonomy example or a history ticket, each taken out of
   * its own entry.
   */
  record Evidence(float[] vector, int label, boolean history) {}

  /** Embeds the taxonomy: per field, a description vector and an example centroid per entry. */
  public Map<String, Prototypes> prototypes(Taxonomy taxonomy) {
    Map<String, Prototypes> out = new LinkedHashMap<>();
    taxonomy
        .fields()
        .forEach(
            (field, entries) -> {
              List<String> texts = new ArrayList<>();
              for (Taxonomy.Entry e : entries) {
                texts.add(e.description().isEmpty() ? e.name() : e.name() + ": " + e.description());
                texts.addAll(e.examples());
              }
              List<float[]> embedded = embedder.embedAll(texts);
              int k = entries.size();
              float[][] descriptions = new float[k][];
              float[][] sums = new float[k][embedder.dimension()];
              int[] counts = new int[k];
              List<Evidence> examples = new ArrayList<>();
              int t = 0;
              for (int i = 0; i < k; i++) {
                descriptions[i] = embedded.get(t++);
                for (int x = 0; x < entries.get(i).examples().size(); x++) {
                  float[] v = embedded.get(t++);
                  for (int d = 0; d < v.length; d++) {
                    sums[i][d] += v[d];
                  }
                  counts[i]++;
                  examples.add(new Evidence(v, i, false));
                }
              }
              out.put(
                  field,
                  new Prototypes(
                      entries.stream().map(Taxonomy.Entry::name).toList(),
                      descriptions,
                      sums,
                      counts,
                      pseudoCounts(entries),
                      new double[k],
                      List.copyOf(examples)));
            });
    return out;
  }

  /**
   * Prior pseudo-counts: the taxonomy's priors worth {@link #TAXONOMY_PRIOR_TICKETS} tickets, else
   * one each.
   */
  private static double[] pseudoCounts(List<Taxonomy.Entry> entries) {
    double[] out = new double[entries.size()];
    boolean given = entries.stream().allMatch(e -> e.prior() != null);
    double total =
        given ? entries.stream().mapToDouble(Taxonomy.Entry::prior).sum() : entries.size();
    for (int i = 0; i < out.length; i++) {
      out[i] =
          given
              ? Math.max(Double.MIN_NORMAL, entries.get(i).prior() / total * TAXONOMY_PRIOR_TICKETS)
              : 1;
    }
    return out;
  }

  /** Entries best first, with their probabilities. */
  public static List<Scored> rank(Prototypes p, float[] vector) {
    double[] probabilities =
        probabilities(
            p,
            p.temperature,
            p.descriptionWeight,
            similarities(p, vector, -1, false),
            logPriors(p, -1));
    List<Scored> out = new ArrayList<>(p.labels.size());
    for (int i = 0; i < p.labels.size(); i++) {
      out.add(new Scored(p.labels.get(i), probabilities[i]));
    }
    out.sort((a, b) -> Double.compare(b.probability(), a.probability()));
    return out;
  }

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
      sims[j] = similarities(p, e.vector(), e.label(), e.history());
      priors[j] = logPriors(p, e.history() ? e.label() : -1);
    }
    double bestLikelihood = Double.NEGATIVE_INFINITY;
    for (double t : TEMPERATURES) {
      for (double w : DESCRIPTION_WEIGHTS) {
        double likelihood = 0;
        for (int j = 0; j < n; j++) {
          likelihood +=
              Math.log(
                  Math.max(
                      1e-12, probabilities(p, t, w, sims[j], priors[j])[evidence.get(j).label()]));
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
          probabilities(p, p.temperature, p.descriptionWeight, sims[j], priors[j]);
      int top = 0;
      for (int i = 1; i < probabilities.length; i++) {
        top = probabilities[i] > probabilities[top] ? i : top;
      }
      outcomes.add(new double[] {probabilities[top], top == evidence.get(j).label() ? 1 : 0});
    }
    return outcomes;
  }

  /**
   * Cosine of the vector with each entry's description and centroid ({@code NaN} for a centroid
   * with nothing in it); {@code own} is taken out of its own centroid.
   */
  private static double[][] similarities(Prototypes p, float[] vector, int own, boolean history) {
    int k = p.labels.size();
    double[] description = new double[k];
    double[] centroid = new double[k];
    for (int i = 0; i < k; i++) {
      description[i] = dot(p.descriptions[i], vector);
      boolean mine = i == own;
      if (p.vectors[i] - (mine ? 1 : 0) == 0) {
        centroid[i] = Double.NaN;
        continue;
      }
      float[] sum = p.sums[i];
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

  private static double[] logPriors(Prototypes p, int ownHistoryLabel) {
    int k = p.labels.size();
    double[] out = new double[k];
    double total = 0;
    for (int i = 0; i < k; i++) {
      out[i] = p.pseudoCounts[i] + Math.max(0, p.labelCounts[i] - (i == ownHistoryLabel ? 1 : 0));
      total += out[i];
    }
    for (int i = 0; i < k; i++) {
      out[i] = Math.log(out[i] / total);
    }
    return out;
  }

  private static double[] probabilities(
      Prototypes p,
      double temperature,
      double descriptionWeight,
      double[][] sims,
      double[] logPriors) {
    int k = p.labels.size();
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

  /** The probabilities of the ranked entries, in the same order. */
  public static double[] shares(List<Scored> ranked) {
    return ranked.stream().mapToDouble(Scored::probability).toArray();
  }
}
