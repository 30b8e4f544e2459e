package dev.sift.engine;

import dev.sift.data.LabelField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Similarity-weighted votes of the neighbours, per field. */
final class Votes {

  /** One candidate value and its share of the vote, in [0, 1]. */
  record Share(String value, double share) {}

  private Votes() {}

  /**
   * Weight of each neighbour: a softmax over cosine similarity at the given temperature, so that a
   * near-duplicate outvotes several loose matches; at temperature 0, the plain (non-negative)
   * similarity.
   */
  static double[] weights(List<Neighbour> neighbours, double temperature) {
    double[] w = new double[neighbours.size()];
    double max = neighbours.stream().mapToDouble(Neighbour::similarity).max().orElse(0);
    for (int i = 0; i < w.length; i++) {
      double s = neighbours.get(i).similarity();
      w[i] = temperature > 0 ? Math.exp((s - max) / temperature) : Math.max(s, 0);
    }
    return w;
  }

  /** Shares per value, best first; neighbours without a value for the field do not vote on it. */
  static List<Share> tally(List<Neighbour> neighbours, double[] weights, LabelField field) {
    Map<String, Double> sums = new LinkedHashMap<>();
    double total = 0;
    for (int i = 0; i < neighbours.size(); i++) {
      String v = neighbours.get(i).ticket().label(field);
      if (v == null) {
        continue;
      }
      sums.merge(v, weights[i], Double::sum);
      total += weights[i];
    }
    List<Share> shares = new ArrayList<>(sums.size());
    for (var e : sums.entrySet()) {
      shares.add(new Share(e.getKey(), total > 0 ? e.getValue() / total : 0));
    }
    shares.sort(Comparator.comparingDouble(Share::share).reversed());
    return shares;
  }

  /**
   * Blends vote shares with the heads' probabilities: {@code votes * (1 - linearWeight -
   * lexicalWeight) + head * linearWeight + lexical * lexicalWeight}. A head the field does not have
   * (too little history) drops out, and the remaining weights are scaled back to a sum of 1;
   * without either head the votes are returned unchanged.
   *
   * @param head the embedding head, or null
   * @param lexical the lexical head, or null
   * @param doc the ticket's lexical features; only read when {@code lexical} is not null
   */
  static List<Share> blend(
      List<Share> votes,
      LinearHead head,
      float[] vector,
      double linearWeight,
      LexicalHead lexical,
      LexicalFeatures.Doc doc,
      double lexicalWeight) {
    double wHead = head == null ? 0 : linearWeight;
    double wLexical = lexical == null ? 0 : lexicalWeight;
    double wVotes = 1 - linearWeight - lexicalWeight;
    double total = wVotes + wHead + wLexical;
    if (wHead + wLexical <= 0 || total <= 0) {
      return votes;
    }
    Map<String, Double> mixed = new LinkedHashMap<>();
    for (Share s : votes) {
      mixed.merge(s.value(), wVotes / total * s.share(), Double::sum);
    }
    if (wHead > 0) {
      add(mixed, head.classes(), head.probabilities(vector), wHead / total);
    }
    if (wLexical > 0) {
      add(mixed, lexical.classes(), lexical.probabilities(doc), wLexical / total);
    }
    List<Share> out = new ArrayList<>(mixed.size());
    mixed.forEach((v, share) -> out.add(new Share(v, share)));
    out.sort(Comparator.comparingDouble(Share::share).reversed());
    return out;
  }

  /**
   * Reweighs shares by the label base rates raised to {@code alpha}, renormalised, best first: the
   * vote's likelihood times a prior. The heads' and votes' shares already lean towards common
   * values, but a handful of neighbours can outvote a value that holds 70% of a tracker's
   * priorities; where the backtest shows such upsets are wrong more often than right, a tilt above
   * 0 undoes them. Base rates are smoothed by one, so an unseen value keeps a small weight.
   */
  static List<Share> tilt(List<Share> shares, Map<String, Long> counts, double alpha) {
    if (alpha == 0 || shares.isEmpty()) {
      return shares;
    }
    double total = counts.values().stream().mapToLong(Long::longValue).sum() + counts.size() + 1.0;
    double[] w = new double[shares.size()];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      Share s = shares.get(i);
      w[i] = s.share() * Math.pow((counts.getOrDefault(s.value(), 0L) + 1) / total, alpha);
      sum += w[i];
    }
    List<Share> out = new ArrayList<>(w.length);
    for (int i = 0; i < w.length; i++) {
      out.add(new Share(shares.get(i).value(), sum > 0 ? w[i] / sum : shares.get(i).share()));
    }
    out.sort(Comparator.comparingDouble(Share::share).reversed());
    return out;
  }

  private static void add(Map<String, Double> mixed, String[] classes, double[] p, double weight) {
    for (int j = 0; j < p.length; j++) {
      mixed.merge(classes[j], weight * p[j], Double::sum);
    }
  }
}
