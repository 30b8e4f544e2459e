package dev.sift.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion of a vector and a lexical result list. Scores on the two sides are not
 * comparable, ranks are. Returned hits carry the fused score.
 */
public final class HybridFusion {

  private HybridFusion() {}

  public static List<Hit> reciprocalRank(
      List<Hit> vector, List<Hit> lexical, int k, int rrfK, double lexicalWeight) {
    Map<String, double[]> scores = new LinkedHashMap<>();
    Map<String, Hit> byId = new LinkedHashMap<>();
    add(vector, rrfK, 1.0, scores, byId);
    add(lexical, rrfK, lexicalWeight, scores, byId);
    List<Hit> fused = new ArrayList<>(byId.size());
    byId.forEach((id, hit) -> fused.add(new Hit(id, (float) scores.get(id)[0], hit.payload())));
    fused.sort(Comparator.comparingDouble(Hit::score).reversed());
    return fused.size() > k ? fused.subList(0, k) : fused;
  }

  private static void add(
      List<Hit> hits,
      int rrfK,
      double weight,
      Map<String, double[]> scores,
      Map<String, Hit> byId) {
    for (int rank = 0; rank < hits.size(); rank++) {
      Hit h = hits.get(rank);
      scores.computeIfAbsent(h.id(), x -> new double[1])[0] += weight / (rrfK + rank + 1);
      byId.putIfAbsent(h.id(), h);
    }
  }
}
