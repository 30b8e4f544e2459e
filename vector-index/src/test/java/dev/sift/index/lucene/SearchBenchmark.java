package dev.sift.index.lucene;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.HnswParams;
import dev.sift.index.Payload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Where exact search stops being cheaper than HNSW: times both on one tenant of growing size
 * (384-dim clustered vectors) and prints p50 latency and HNSW recall@5. A command, not a test:
 * {@code scripts/bench-search.sh}.
 */
public final class SearchBenchmark {

  private static final int DIM = 384;
  private static final int CLUSTERS = 200;
  private static final int QUERIES = 300;
  private static final int K = 5;
  private static final float SPREAD = 2.0f;
  private static final long SEED = 7;

  private SearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    Random r = new Random(SEED);
    float[][] centres = new float[CLUSTERS][];
    for (int c = 0; c < CLUSTERS; c++) {
      centres[c] = gaussian(r, 1f);
    }
    System.out.printf(
        Locale.ROOT, "%8s %12s %12s %10s%n", "vectors", "exact p50", "hnsw p50", "recall@5");
    for (int size : new int[] {2_000, 5_000, 10_000, 20_000, 50_000}) {
      Path dir = Files.createTempDirectory("sift-search-bench");
      try (LuceneVectorIndex index = LuceneVectorIndex.builder(dir, DIM).build()) {
        List<Entry> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          batch.add(
              new Entry("v" + i, near(r, centres[r.nextInt(CLUSTERS)]), new Payload("", Map.of())));
        }
        index.upsertAll("t", batch);
        float[][] queries = new float[QUERIES][];
        for (int q = 0; q < QUERIES; q++) {
          queries[q] = near(r, centres[r.nextInt(CLUSTERS)]);
        }
        // Warm up both paths so that JIT compilation is not timed.
        for (float[] q : queries) {
          index.searchExact("t", q, K);
          index.searchHnsw("t", q, K, HnswParams.DEFAULT.searchCandidates());
        }
        long[] exact = new long[QUERIES];
        long[] hnsw = new long[QUERIES];
        int found = 0;
        for (int q = 0; q < QUERIES; q++) {
          long t0 = System.nanoTime();
          List<Hit> e = index.searchExact("t", queries[q], K);
          long t1 = System.nanoTime();
          List<Hit> h = index.searchHnsw("t", queries[q], K, HnswParams.DEFAULT.searchCandidates());
          long t2 = System.nanoTime();
          exact[q] = t1 - t0;
          hnsw[q] = t2 - t1;
          Set<String> ids = new HashSet<>();
          e.forEach(x -> ids.add(x.id()));
          found += (int) h.stream().filter(x -> ids.contains(x.id())).count();
        }
        Arrays.sort(exact);
        Arrays.sort(hnsw);
        System.out.printf(
            Locale.ROOT,
            "%8d %9.2f ms %9.2f ms %10.4f%n",
            size,
            exact[QUERIES / 2] / 1e6,
            hnsw[QUERIES / 2] / 1e6,
            found / (double) (QUERIES * K));
      } finally {
        try (var walk = Files.walk(dir)) {
          walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private static float[] near(Random r, float[] centre) {
    float[] noise = gaussian(r, SPREAD);
    float[] v = new float[DIM];
    double norm = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = centre[i] + noise[i];
      norm += v[i] * v[i];
    }
    for (int i = 0; i < DIM; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private static float[] gaussian(Random r, float scale) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) r.nextGaussian() * scale / (float) Math.sqrt(DIM);
    }
    return v;
  }
}
