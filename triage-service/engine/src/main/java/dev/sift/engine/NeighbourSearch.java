package dev.sift.engine;

import dev.sift.index.Hit;
import dev.sift.index.HybridFusion;
import dev.sift.index.VectorIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the k nearest past tickets of a tenant by vector, BM25 or both. */
final class NeighbourSearch {

  private final VectorIndex index;
  private final EngineSettings settings;

  NeighbourSearch(VectorIndex index, EngineSettings settings) {
    this.index = index;
    this.settings = settings;
  }

  /**
   * @param exclude ids never returned, so that a stored ticket can be triaged against the rest in a
   *     backtest
   */
  List<Neighbour> find(
      String tenant, float[] vector, String text, int k, Retrieval retrieval, Set<String> exclude) {
    int fetch = k + exclude.size();
    Map<String, Float> cosines = new HashMap<>();
    List<Hit> hits =
        switch (retrieval) {
          case VECTOR -> remember(index.search(tenant, vector, fetch), cosines);
          case BM25 -> index.searchText(tenant, text, fetch);
          case HYBRID -> {
            int pool = Math.max(fetch, settings.hybridCandidates());
            List<Hit> byVector = remember(index.search(tenant, vector, pool), cosines);
            yield HybridFusion.reciprocalRank(
                byVector,
                index.searchText(tenant, text, pool),
                pool,
                settings.rrfK(),
                settings.lexicalWeight());
          }
        };
    List<Neighbour> out = new ArrayList<>(k);
    for (Hit h : hits) {
      if (out.size() == k) {
        break;
      }
      if (exclude.contains(h.id())) {
        continue;
      }
      Float cosine = cosines.get(h.id());
      double similarity = cosine != null ? cosine : cosineOf(tenant, h.id(), vector);
      out.add(new Neighbour(TicketDocuments.toTicket(h.id(), h.payload()), similarity, h.score()));
    }
    return out;
  }

  private static List<Hit> remember(List<Hit> vectorHits, Map<String, Float> cosines) {
    vectorHits.forEach(h -> cosines.put(h.id(), h.score()));
    return vectorHits;
  }

  private double cosineOf(String tenant, String id, float[] vector) {
    return index.get(tenant, id).map(e -> (double) dot(e.vector(), vector)).orElse(0.0);
  }

  static float dot(float[] a, float[] b) {
    if (a.length != b.length) {
      return 0f;
    }
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
