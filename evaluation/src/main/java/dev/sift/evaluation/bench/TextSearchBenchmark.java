package dev.sift.evaluation.bench;

import dev.sift.engine.EngineSettings;
import dev.sift.index.Entry;
import dev.sift.index.Payload;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import dev.sift.index.lucene.LuceneVectorIndex;
import dev.sift.index.pgvector.PgVectorIndex;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The lexical half of hybrid retrieval alone: BM25 searches of a tenant's own ticket texts, with as
 * many hits as a triage fetches ({@link EngineSettings#hybridCandidates()}), on Lucene and, given a
 * PostgreSQL URL, on pgvector. Vectors are random (lexical search does not read them), so nothing
 * is embedded. {@code sift-eval bench --only text-search --data ... [--queries 2000] [--pg-url
 * jdbc:postgresql://127.0.0.1:5432/db]}; the database must exist and is left with the tenant in it.
 */
final class TextSearchBenchmark {

  private static final String TENANT = "bench-text";
  private static final int DIMENSION = 8;
  private static final int BATCH = 500;
  private static final long SEED = 42;

  /** Queries run before timing, so that the JIT and the caches are warm. */
  private static final int WARM_UP = 1_000;

  /** A prime stride through the texts, so that queries are spread over the whole history. */
  private static final int STRIDE = 7_919;

  private TextSearchBenchmark() {}

  static void run(List<String> texts, Path dir, String pgUrl, int queries, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%d ticket texts, %d timed queries after %d warm-up, %d hits each%n",
        texts.size(),
        queries,
        WARM_UP,
        EngineSettings.DEFAULTS.hybridCandidates());
    try (VectorIndex lucene = LuceneVectorIndex.builder(dir, DIMENSION).build()) {
      time("lucene", lucene, texts, queries, out);
    }
    if (pgUrl != null) {
      PGSimpleDataSource source = new PGSimpleDataSource();
      source.setURL(pgUrl);
      try (VectorIndex pg = PgVectorIndex.builder(source, DIMENSION).build()) {
        time("pgvector", pg, texts, queries, out);
      }
    }
  }

  private static void time(
      String backend, VectorIndex index, List<String> texts, int queries, PrintStream out) {
    Random r = new Random(SEED);
    List<Entry> entries = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      entries.add(new Entry("t" + i, randomUnit(r), new Payload(texts.get(i), Map.of())));
    }
    // Loaded as an admin's import is: into a staging tenant, swapped in at the end (on pgvector the
    // swap also refreshes the planner's statistics and the visibility map).
    String staging = TenantNames.staging(TENANT, "bench");
    for (int i = 0; i < entries.size(); i += BATCH) {
      index.upsertAll(staging, entries.subList(i, Math.min(entries.size(), i + BATCH)));
    }
    index.replaceTenant(TENANT, staging);
    int hits = EngineSettings.DEFAULTS.hybridCandidates();
    for (int i = 0; i < WARM_UP; i++) {
      index.searchText(TENANT, texts.get((i * STRIDE) % texts.size()), hits);
    }
    long[] nanos = new long[queries];
    for (int q = 0; q < queries; q++) {
      String text = texts.get(((q + WARM_UP) * STRIDE) % texts.size());
      long start = System.nanoTime();
      index.searchText(TENANT, text, hits);
      nanos[q] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    out.printf(
        Locale.ROOT,
        "%s text search: mean %.2f ms, p50 %.2f ms, p99 %.2f ms%n",
        backend,
        Arrays.stream(nanos).average().orElse(0) / 1e6,
        nanos[queries / 2] / 1e6,
        nanos[(int) Math.floor(queries * 0.99)] / 1e6);
  }

  private static float[] randomUnit(Random r) {
    float[] v = new float[DIMENSION];
    double norm = 0;
    for (int d = 0; d < DIMENSION; d++) {
      v[d] = (float) r.nextGaussian();
      norm += v[d] * v[d];
    }
    for (int d = 0; d < DIMENSION; d++) {
      v[d] /= (float) Math.sqrt(norm);
    }
    return v;
  }
}
