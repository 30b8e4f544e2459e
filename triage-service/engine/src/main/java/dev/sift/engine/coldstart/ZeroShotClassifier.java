package dev.sift.engine.coldstart;

import dev.sift.embedding.Embedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks a field's taxonomy entries by cosine similarity between the ticket and each entry's prototype: the
 * normalised sum of the embeddings of its name and description, of its example tickets, and of whatever stored
 * history carries that label. With no history this is zero-shot; as history arrives it becomes a nearest-centroid
 * classifier over the same taxonomy.
 */
public final class ZeroShotClassifier {

  /**
   * Prior calibration with no history: confidence = 1 / (1 + exp(-(A + B * margin))), margin being the cosine of
   * the best entry minus that of the second. Fitted by logistic regression on zero-shot answers for the training
   * part of itsm-assignment's 80/20 seed-42 split, top 10 groups, taxonomy from the group names and three example
   * subjects each, the examples left out: 5,084 answers (docs/cold-start.md, {@code sift-eval cold-start}). On that
   * split's test tickets it has an expected calibration error of 0.048.
   */
  static final double PRIOR_INTERCEPT = -0.963;
  static final double PRIOR_SLOPE = 15.209;
  /** Temperature of the softmax over similarities that orders and spreads the alternatives. */
  private static final double SHARE_TEMPERATURE = 0.05;

  private final Embedder embedder;

  public ZeroShotClassifier(Embedder embedder) {
    this.embedder = embedder;
  }

  /** One field's entries with their (unnormalised) prototype sums. */
  public static final class Prototypes {
    final List<String> labels;
    final float[][] sums;
    final int[] counts;

    Prototypes(List<String> labels, float[][] sums, int[] counts) {
      this.labels = labels;
      this.sums = sums;
      this.counts = counts;
    }

    public List<String> labels() {
      return labels;
    }

    /** Adds a history ticket's vector to its label's prototype; false when the label has no entry. */
    public boolean add(String label, float[] vector) {
      int i = labels.indexOf(label);
      if (i < 0) {
        return false;
      }
      for (int d = 0; d < vector.length; d++) {
        sums[i][d] += vector[d];
      }
      counts[i]++;
      return true;
    }
  }

  /** A label with its cosine similarity to the ticket. */
  public record Scored(String label, double similarity) {}

  /** Embeds the taxonomy: per field, one prototype per entry from its name, description and examples. */
  public Map<String, Prototypes> prototypes(Taxonomy taxonomy) {
    Map<String, Prototypes> out = new LinkedHashMap<>();
    taxonomy.fields().forEach((field, entries) -> {
      List<String> texts = new ArrayList<>();
      List<Integer> owner = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        Taxonomy.Entry e = entries.get(i);
        texts.add(e.description().isEmpty() ? e.name() : e.name() + ": " + e.description());
        owner.add(i);
        for (String example : e.examples()) {
          texts.add(example);
          owner.add(i);
        }
      }
      List<float[]> vectors = embedder.embedAll(texts);
      float[][] sums = new float[entries.size()][embedder.dimension()];
      int[] counts = new int[entries.size()];
      for (int t = 0; t < texts.size(); t++) {
        int i = owner.get(t);
        float[] v = vectors.get(t);
        for (int d = 0; d < v.length; d++) {
          sums[i][d] += v[d];
        }
        counts[i]++;
      }
      out.put(field, new Prototypes(entries.stream().map(Taxonomy.Entry::name).toList(), sums, counts));
    });
    return out;
  }

  /**
   * Entries best first. {@code ownLabel}, when not null, is the label under which {@code vector} itself was added
   * to the prototypes: it is taken out again, so that a backtest never finds the ticket in its own prototype.
   */
  public static List<Scored> rank(Prototypes p, float[] vector, String ownLabel) {
    List<Scored> out = new ArrayList<>(p.labels.size());
    for (int i = 0; i < p.labels.size(); i++) {
      boolean own = p.labels.get(i).equals(ownLabel);
      float[] sum = p.sums[i];
      double dot = 0;
      double norm = 0;
      for (int d = 0; d < sum.length; d++) {
        double s = own ? sum[d] - vector[d] : sum[d];
        dot += s * vector[d];
        norm += s * s;
      }
      out.add(new Scored(p.labels.get(i), norm == 0 ? 0 : dot / Math.sqrt(norm)));
    }
    out.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
    return out;
  }

  /** How far the best entry stands out: its similarity minus the runner-up's (its own, for a single entry). */
  public static double margin(List<Scored> ranked) {
    if (ranked.isEmpty()) {
      return 0;
    }
    return ranked.size() == 1 ? ranked.getFirst().similarity()
        : ranked.get(0).similarity() - ranked.get(1).similarity();
  }

  /** The prior confidence for a margin, used until the tenant's own history calibrates the field. */
  public static double priorConfidence(double margin) {
    return 1 / (1 + Math.exp(-(PRIOR_INTERCEPT + PRIOR_SLOPE * margin)));
  }

  /** Softmax shares of the ranked entries, in the same order, to spread what the winner leaves over the rest. */
  public static double[] shares(List<Scored> ranked) {
    double[] s = new double[ranked.size()];
    if (s.length == 0) {
      return s;
    }
    double max = ranked.getFirst().similarity();
    double sum = 0;
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.exp((ranked.get(i).similarity() - max) / SHARE_TEMPERATURE);
      sum += s[i];
    }
    for (int i = 0; i < s.length; i++) {
      s[i] /= sum;
    }
    return s;
  }
}
