package dev.sift.index.pgvector;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.HnswParams;
import dev.sift.index.Payload;
import dev.sift.index.lucene.LuceneVectorIndex;
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
import java.util.function.Function;

/**
 * recall@5 against exact search and p50/p99 latency, for Lucene and for pgvector, on one tenant of
 * 100k 384-dim clustered vectors (the generator of the Lucene SearchBenchmark), at several HNSW
 * candidate-list sizes (pgvector's {@code hnsw.ef_search}). Also times loading the vectors and
 * building each HNSW graph. A command, not a test: {@code scripts/bench-search.sh pgvector}. Needs
 * PostgreSQL with pgvector ({@code SIFT_TEST_PG_URL}).
 */
public final class PgSearchBenchmark {

  private static final int DIM = 384;
  private static final int CLUSTERS = 200;
  private static final int VECTORS = 100_000;
  private static final int QUERIES = 300;
  private static final int WARM_UP = 50;
  private static final int K = 5;
  private static final float SPREAD = 2.0f;
  private static final long SEED = 7;
  private static final int BATCH = 10_000;
  private static final int[] CANDIDATES = {40, 100, 200, 400};
  private static final String TENANT = "bench";

  private PgSearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int vectors = args.length > 0 ? Integer.parseInt(args[0]) : VECTORS;
    Random r = new Random(SEED);
    float[][] centres = new float[CLUSTERS][];
    for (int c = 0; c < CLUSTERS; c++) {
      centres[c] = gaussian(r, 1f);
    }
    List<Entry> entries = new ArrayList<>(vectors);
    for (int i = 0; i < vectors; i++) {
      entries.add(
          new Entry("v" + i, near(r, centres[r.nextInt(CLUSTERS)]), new Payload("", Map.of())));
    }
    float[][] queries = new float[QUERIES][];
    for (int q = 0; q < QUERIES; q++) {
      queries[q] = near(r, centres[r.nextInt(CLUSTERS)]);
    }
    System.out.printf(
        Locale.ROOT, "%d vectors of %d dimensions, %d queries, k = %d%n", vectors, DIM, QUERIES, K);
    System.out.printf(
        Locale.ROOT,
        "%-10s %-22s %10s %10s %10s%n",
        "backend",
        "search",
        "p50 ms",
        "p99 ms",
        "recall@5");

    Path dir = Files.createTempDirectory("sift-pg-search-bench");
    try (LuceneVectorIndex lucene = LuceneVectorIndex.builder(dir, DIM).build()) {
      long start = System.nanoTime();
      for (int i = 0; i < vectors; i += BATCH) {
        lucene.upsertAll(TENANT, entries.subList(i, Math.min(vectors, i + BATCH)));
      }
      double loadSeconds = (System.nanoTime() - start) / 1e9;
      List<Set<String>> truth =
          run("lucene", "exact", q -> lucene.searchExact(TENANT, q, K), queries, null);
      for (int ef : CANDIDATES) {
        run(
            "lucene",
            "hnsw, " + ef + " candidates",
            q -> lucene.searchHnsw(TENANT, q, K, ef),
            queries,
            truth);
      }
      System.out.printf(
          Locale.ROOT,
          "lucene: indexed %d vectors (HNSW built while indexing, m = 16, beam 100) in"
              + " %.1f s%n",
          vectors,
          loadSeconds);
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    try (TestDatabase db = TestDatabase.create();
        PgVectorIndex pg = PgVectorIndex.builder(db.dataSource(), DIM).build()) {
      long start = System.nanoTime();
      double buildSeconds =
          pg.withGraphRebuiltAfter(
              () -> {
                for (int i = 0; i < vectors; i += BATCH) {
                  pg.upsertAll(TENANT, entries.subList(i, Math.min(vectors, i + BATCH)));
                }
              });
      double totalSeconds = (System.nanoTime() - start) / 1e9;
      db.execute("VACUUM ANALYZE sift_ticket");
      List<Set<String>> truth =
          run("pgvector", "exact", q -> pg.searchExact(TENANT, q, K), queries, null);
      for (int ef : CANDIDATES) {
        try (PgVectorIndex tuned =
            PgVectorIndex.builder(db.dataSource(), DIM)
                .hnsw(
                    new HnswParams(
                        HnswParams.DEFAULT.maxConnections(), HnswParams.DEFAULT.beamWidth(), ef))
                .migrate(false)
                .build()) {
          run(
              "pgvector",
              "hnsw, ef_search " + ef,
              q -> tuned.searchHnsw(TENANT, q, K),
              queries,
              truth);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "pgvector: loaded %d vectors by binary COPY without the graph in %.1f s, then"
              + " built the HNSW graph (m = 16, ef_construction = 100) in %.1f s%n",
          vectors,
          totalSeconds - buildSeconds,
          buildSeconds);
    }
  }

  /** Times every query after a warm-up; prints p50, p99 and (given the exact answers) recall@5. */
  private static List<Set<String>> run(
      String backend,
      String search,
      Function<float[], List<Hit>> query,
      float[][] queries,
      List<Set<String>> truth) {
    for (int q = 0; q < WARM_UP; q++) {
      query.apply(queries[q]);
    }
    long[] nanos = new long[queries.length];
    List<Set<String>> answers = new ArrayList<>();
    int found = 0;
    for (int q = 0; q < queries.length; q++) {
      long t0 = System.nanoTime();
      List<Hit> hits = query.apply(queries[q]);
      nanos[q] = System.nanoTime() - t0;
      Set<String> ids = new HashSet<>();
      hits.forEach(h -> ids.add(h.id()));
      answers.add(ids);
      if (truth != null) {
        found += (int) ids.stream().filter(truth.get(q)::contains).count();
      }
    }
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "%-10s %-22s %10.2f %10.2f %10s%n",
        backend,
        search,
        nanos[nanos.length / 2] / 1e6,
        nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6,
        truth == null
            ? "(exact)"
            : String.format(Locale.ROOT, "%.4f", found / (double) (queries.length * K)));
    return answers;
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
