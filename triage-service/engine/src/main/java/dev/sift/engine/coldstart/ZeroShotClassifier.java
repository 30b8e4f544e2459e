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
 * fitted by leave-one-out likelihood over the examples and history (see {@link ZeroShotFit#fit}).
 */
public final class ZeroShotClassifier {

  /**
   * How many tickets a taxonomy's own priors weigh against the tenant's real label counts: enough
   * to steer an empty desk, little enough that a few hundred real labels outweigh a guess.
   */
  static final double TAXONOMY_PRIOR_TICKETS = 20;

  private final Embedder embedder;

  public ZeroShotClassifier(Embedder embedder) {
    this.embedder = embedder;
  }

  /** A label with its probability for the ticket. */
  public record Scored(String label, double probability) {}

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
              List<ZeroShotFit.Evidence> examples = new ArrayList<>();
              int t = 0;
              for (int i = 0; i < k; i++) {
                descriptions[i] = embedded.get(t++);
                for (int x = 0; x < entries.get(i).examples().size(); x++) {
                  float[] v = embedded.get(t++);
                  for (int d = 0; d < v.length; d++) {
                    sums[i][d] += v[d];
                  }
                  counts[i]++;
                  examples.add(new ZeroShotFit.Evidence(v, i, false));
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
        p.probabilities(
            p.temperature, p.descriptionWeight, p.similarities(vector, -1), p.logPriors(-1));
    List<Scored> out = new ArrayList<>(p.labels.size());
    for (int i = 0; i < p.labels.size(); i++) {
      out.add(new Scored(p.labels.get(i), probabilities[i]));
    }
    out.sort((a, b) -> Double.compare(b.probability(), a.probability()));
    return out;
  }

  /** The probabilities of the ranked entries, in the same order. */
  public static double[] shares(List<Scored> ranked) {
    return ranked.stream().mapToDouble(Scored::probability).toArray();
  }
}
