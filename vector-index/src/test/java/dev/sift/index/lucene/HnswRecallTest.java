package dev.sift.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.HnswParams;
import dev.sift.index.Payload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HNSW must find what exact search finds: recall@5 of at least 0.98 on 20k clustered vectors, the
 * shape of real ticket embeddings (many near-duplicates around a few hundred overlapping topics).
 */
// Minutes: run by scripts/test.sh (CI), not by a plain ./mvnw verify (pom.xml,
// sift.test.excludedGroups).
@Tag("slow")
class HnswRecallTest {

  private static final int DIM = 384;
  private static final int VECTORS = 20_000;
  private static final int CLUSTERS = 200;
  private static final int QUERIES = 300;
  private static final int K = 5;

  /** Noise relative to the distance between topic centres: large enough that topics overlap. */
  private static final float CLUSTER_SPREAD = 2.0f;

  private static final int BATCH = 20_000;
  private static final long SEED = 7;

  @TempDir Path dir;

  @Test
  void hnsw_recall_at_5_is_at_least_098_against_exact_search_on_20k_clustered_vectors() {
    Random r = new Random(SEED);
    float[][] centres = new float[CLUSTERS][];
    for (int c = 0; c < CLUSTERS; c++) {
      centres[c] = gaussian(r, 1f);
    }
    try (LuceneVectorIndex index = LuceneVectorIndex.builder(dir, DIM).build()) {
      List<Entry> batch = new ArrayList<>();
      for (int i = 0; i < VECTORS; i++) {
        batch.add(
            new Entry("v" + i, near(r, centres[r.nextInt(CLUSTERS)]), new Payload("", Map.of())));
        if (batch.size() == BATCH) {
          index.upsertAll("big", batch);
          batch.clear();
        }
      }
      int found = 0;
      int foundNarrow = 0;
      for (int q = 0; q < QUERIES; q++) {
        float[] query = near(r, centres[r.nextInt(CLUSTERS)]);
        Set<String> exact = ids(index.searchExact("big", query, K));
        Set<String> approx =
            ids(index.searchHnsw("big", query, K, HnswParams.DEFAULT.searchCandidates()));
        Set<String> narrow = ids(index.searchHnsw("big", query, K, K));
        approx.retainAll(exact);
        narrow.retainAll(exact);
        found += approx.size();
        foundNarrow += narrow.size();
      }
      double recall = found / (double) (QUERIES * K);
      double recallNarrow = foundNarrow / (double) (QUERIES * K);
      System.out.printf(
          "HNSW recall@%d on %d clustered vectors: %.4f with %d candidates, %.4f with %d%n",
          K, VECTORS, recall, HnswParams.DEFAULT.searchCandidates(), recallNarrow, K);
      assertThat(recall).isGreaterThanOrEqualTo(0.98).isGreaterThanOrEqualTo(recallNarrow);
      // Above the exact-search size, the default search path is the graph.
      assertThat(index.count("big")).isGreaterThan(LuceneVectorIndex.DEFAULT_EXACT_SEARCH_BELOW);
    }
  }

  private static Set<String> ids(List<Hit> hits) {
    Set<String> s = new HashSet<>();
    hits.forEach(h -> s.add(h.id()));
    return s;
  }

  private static float[] near(Random r, float[] centre) {
    float[] noise = gaussian(r, CLUSTER_SPREAD);
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = centre[i] + noise[i];
    }
    return normalise(v);
  }

  private static float[] gaussian(Random r, float scale) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) r.nextGaussian() * scale / (float) Math.sqrt(DIM);
    }
    return v;
  }

  private static float[] normalise(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    float n = (float) Math.sqrt(s);
    for (int i = 0; i < v.length; i++) {
      v[i] /= n;
    }
    return v;
  }
}
