package dev.sift.index.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.HnswParams;
import dev.sift.index.Payload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A small tenant sharing the table with 100k vectors of other tenants must get its exact
 * neighbours. The vectors are clustered, and the small tenant's come from the same clusters, so the
 * HNSW graph's nearest nodes mostly belong to other tenants: the hard case for a filtered graph
 * search.
 */
// Minutes: run by scripts/test.sh (CI), not by a plain ./mvnw verify (pom.xml,
// sift.test.excludedGroups).
@Tag("slow")
class SmallTenantExactnessIT {

  private static final long SEED = 20_240_501;
  private static final int DIM = 384; // all-MiniLM-L6-v2
  private static final int OTHER_TENANTS = 20;
  private static final int PER_OTHER_TENANT = 5_000; // 100k vectors in all
  private static final int SMALL_TENANT_SIZE = 50;
  private static final int CLUSTERS = 200;
  private static final double NOISE = 0.6; // per coordinate, against unit-variance centroids
  private static final int QUERIES = 50;
  private static final int K = 5;
  private static final int LOAD_BATCH = 10_000;

  /**
   * A cheap graph (degree 8, build beam 32) keeps the 100k load to about a minute on two cores. A
   * weaker graph only makes the filtered graph search worse, so the small tenant's exactness is
   * tested under harsher conditions.
   */
  private static final HnswParams CHEAP_GRAPH = new HnswParams(8, 32, 100);

  /**
   * Guards the graph path against breakage; the recall of the default graph is measured in
   * docs/pgvector.md.
   */
  private static final double MIN_LARGE_TENANT_RECALL = 0.8;

  private static TestDatabase db;
  private static PgVectorIndex index;
  private static float[][] centroids;
  private static final List<Entry> small = new ArrayList<>();

  @BeforeAll
  static void load() {
    db = TestDatabase.create();
    // The other tenants are large enough for the graph; the small one stays outside it and is
    // scanned exactly.
    index =
        PgVectorIndex.builder(db.dataSource(), DIM)
            .hnsw(CHEAP_GRAPH)
            .exactSearchBelow(PER_OTHER_TENANT)
            .build();
    Random r = new Random(SEED);
    centroids = new float[CLUSTERS][];
    for (int c = 0; c < CLUSTERS; c++) {
      centroids[c] = gaussian(r);
    }
    long start = System.nanoTime();
    for (int t = 0; t < OTHER_TENANTS; t++) {
      List<Entry> batch = new ArrayList<>();
      for (int i = 0; i < PER_OTHER_TENANT; i++) {
        batch.add(new Entry("o" + i, clustered(r), new Payload("", Map.of())));
        if (batch.size() == LOAD_BATCH) {
          index.upsertAll("big-" + t, batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        index.upsertAll("big-" + t, batch);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long graphStart = System.nanoTime();
    long graphed = index.graphPending(); // without waiting for the background task
    double graphSeconds = (System.nanoTime() - graphStart) / 1e9;
    System.out.printf(
        "loaded %d vectors of %d dimensions in %.1f s (%.0f vectors/s), then moved %d into the HNSW "
            + "graph in %.1f s%n",
        OTHER_TENANTS * PER_OTHER_TENANT,
        DIM,
        seconds,
        OTHER_TENANTS * PER_OTHER_TENANT / seconds,
        graphed,
        graphSeconds);
    for (int i = 0; i < SMALL_TENANT_SIZE; i++) {
      small.add(new Entry("s" + i, clustered(r), new Payload("", Map.of())));
    }
    index.upsertAll("small", small);
    db.execute("ANALYZE sift_ticket");
  }

  @AfterAll
  static void drop() {
    if (index != null) {
      index.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void a_small_tenant_in_a_large_table_gets_exactly_the_brute_force_top_5() {
    Random r = new Random(SEED + 1);
    List<float[]> queries = IntStream.range(0, QUERIES).mapToObj(i -> clustered(r)).toList();
    int hnswExact = 0;
    long exactNanos = 0;
    long hnswNanos = 0;
    for (float[] q : queries) {
      long t0 = System.nanoTime();
      List<String> got = ids(index.search("small", q, K));
      long t1 = System.nanoTime();
      List<String> viaGraph = ids(index.searchHnsw("small", q, K));
      long t2 = System.nanoTime();
      exactNanos += t1 - t0;
      hnswNanos += t2 - t1;
      assertThat(got).containsExactlyElementsOf(bruteForce(q));
      hnswExact += viaGraph.equals(bruteForce(q)) ? 1 : 0;
    }
    // The measurement behind the design choice (docs/pgvector.md): printed, not asserted.
    System.out.printf(
        "small tenant: exact scan %.2f ms/query; graph search (its rows are outside the graph, so "
            + "scanned too) %.2f ms/query, exact top-%d on %d of %d queries%n",
        exactNanos / 1e6 / QUERIES, hnswNanos / 1e6 / QUERIES, K, hnswExact, QUERIES);
  }

  @Test
  void a_large_tenant_gets_near_exact_neighbours_from_the_graph() {
    Random r = new Random(SEED + 2);
    int overlap = 0;
    long nanos = 0;
    long exactNanos = 0;
    for (int i = 0; i < QUERIES; i++) {
      float[] q = clustered(r);
      long t0 = System.nanoTime();
      List<String> exact = ids(index.searchExact("big-0", q, K));
      long t1 = System.nanoTime();
      List<String> approx = ids(index.searchHnsw("big-0", q, K));
      nanos += System.nanoTime() - t1;
      exactNanos += t1 - t0;
      overlap += (int) approx.stream().filter(exact::contains).count();
    }
    double recall = overlap / (double) (QUERIES * K);
    System.out.printf(
        "5k-vector tenant among 100k: HNSW recall@%d %.3f, %.2f ms/query; exact scan %.2f ms/query%n",
        K, recall, nanos / 1e6 / QUERIES, exactNanos / 1e6 / QUERIES);
    assertThat(recall).isGreaterThanOrEqualTo(MIN_LARGE_TENANT_RECALL);
  }

  private static List<String> bruteForce(float[] q) {
    return small.stream()
        .sorted(
            Comparator.comparingDouble((Entry e) -> -dot(e.vector(), q)).thenComparing(Entry::id))
        .limit(K)
        .map(Entry::id)
        .toList();
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static float[] clustered(Random r) {
    float[] c = centroids[r.nextInt(CLUSTERS)];
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) (c[i] + NOISE * r.nextGaussian());
    }
    return normalise(v);
  }

  private static float[] gaussian(Random r) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) r.nextGaussian();
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
