package dev.sift.evaluation.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sift.data.ColumnMapping;
import dev.sift.data.Ticket;
import dev.sift.data.TicketReader;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.engine.TicketStore;
import dev.sift.index.Entry;
import dev.sift.index.Payload;
import dev.sift.index.lucene.LuceneVectorIndex;
import dev.sift.index.pgvector.PgVectorIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bulk import into pgvector: tickets per second through binary COPY (with the BM25 postings), with
 * the HNSW graph maintained row by row and with it dropped and built once after the load, for the
 * 8.5k real itsm-assignment tickets and for 200k synthetic ones (the real ones replicated with
 * noise on vector and text, seed 42). Vectors are computed once beforehand, so the rates are the
 * index write alone; the embedding rate is printed apart. A command, not a test: {@code
 * scripts/bench-import.sh}. Arguments: [synthetic count] [--maintained-synthetic].
 */
public final class PgImportBenchmark {

  private static final String ITSM_MAPPING =
      "subject=Short description,body=Description,assignmentGroup=Assignment group,requester=Caller";
  private static final String DEFAULT_URL =
      "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
  private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?");
  private static final int SYNTHETIC = 200_000;
  private static final int REAL_BATCH = 1_000;
  private static final int SYNTHETIC_BATCH = 10_000;
  private static final long SEED = 42;

  /** Per-coordinate noise on unit vectors: a copy keeps a cosine of about 0.9 to its original. */
  private static final double VECTOR_NOISE = 0.025;

  /** Share of words a synthetic copy drops from its original's text. */
  private static final double WORD_DROP = 0.15;

  private PgImportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int synthetic =
        args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : SYNTHETIC;
    boolean maintainedSynthetic = List.of(args).contains("--maintained-synthetic");
    Path shared = Path.of(System.getenv().getOrDefault("SIFT_SHARED_DIR", "../shared"));
    List<Ticket> tickets =
        TicketReader.builder()
            .mapping(ColumnMapping.parse(ITSM_MAPPING))
            .build()
            .readAll(shared.resolve("datasets/itsm-assignment/tickets.csv"))
            .tickets();

    // Embed once, through the service's own ticket store, and take its entries (vector and
    // payload).
    List<Entry> real = new ArrayList<>();
    Path dir = Files.createTempDirectory("sift-import-bench");
    try (Embedder embedder = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
        LuceneVectorIndex lucene = LuceneVectorIndex.builder(dir, embedder.dimension()).build()) {
      long start = System.nanoTime();
      new TicketStore(embedder, lucene).upsert("itsm", tickets);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "embedding (with Lucene indexing): %d tickets in %.1f s, %.0f tickets/s%n",
          tickets.size(),
          seconds,
          tickets.size() / seconds);
      lucene.forEach("itsm", real::add);
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    int dimension = real.getFirst().vector().length;

    String adminUrl = System.getenv().getOrDefault("SIFT_TEST_PG_URL", DEFAULT_URL);
    Matcher m = URL.matcher(adminUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException("SIFT_TEST_PG_URL must look like " + DEFAULT_URL);
    }
    String database =
        "sift_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(m.group(1) + database + (m.group(3) == null ? "" : m.group(3)));
    try (HikariDataSource dataSource = new HikariDataSource(config);
        PgVectorIndex pg = PgVectorIndex.builder(dataSource, dimension).build()) {
      System.out.printf(
          Locale.ROOT,
          "%-34s %8s %10s %10s %12s%n",
          "import",
          "tickets",
          "load s",
          "graph s",
          "tickets/s");
      report(
          "real, graph maintained",
          real.size(),
          timed(() -> load(pg, "itsm", real, REAL_BATCH)),
          0);
      truncate(dataSource);
      double[] loadSeconds = {0};
      double build =
          pg.withGraphRebuiltAfter(
              () -> loadSeconds[0] = timed(() -> load(pg, "itsm", real, REAL_BATCH)));
      report("real, graph built after", real.size(), loadSeconds[0], build);
      truncate(dataSource);

      Synthetic copies = new Synthetic(real, new Random(SEED));
      loadSeconds[0] = 0;
      build =
          pg.withGraphRebuiltAfter(() -> loadSeconds[0] = timed(() -> copies.load(pg, synthetic)));
      report("synthetic, graph built after", synthetic, loadSeconds[0], build);
      if (maintainedSynthetic) {
        truncate(dataSource);
        Synthetic again = new Synthetic(real, new Random(SEED));
        report("synthetic, graph maintained", synthetic, timed(() -> again.load(pg, synthetic)), 0);
      }
    } finally {
      try (Connection c = DriverManager.getConnection(adminUrl);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }
  }

  private static void load(PgVectorIndex pg, String tenant, List<Entry> entries, int batch) {
    for (int i = 0; i < entries.size(); i += batch) {
      pg.upsertAll(tenant, entries.subList(i, Math.min(entries.size(), i + batch)));
    }
  }

  private static double timed(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static void report(String what, int tickets, double load, double graph) {
    System.out.printf(
        Locale.ROOT,
        "%-34s %8d %10.1f %10.1f %12.0f%n",
        what,
        tickets,
        load,
        graph,
        tickets / (load + graph));
  }

  private static void truncate(HikariDataSource dataSource) throws RuntimeException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE sift_ticket, sift_posting");
      s.execute("VACUUM sift_ticket");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Copies of the real tickets, made batch by batch so that 200k vectors are never held at once.
   */
  private record Synthetic(List<Entry> real, Random random) {

    void load(PgVectorIndex pg, int count) {
      for (int done = 0; done < count; ) {
        int n = Math.min(SYNTHETIC_BATCH, count - done);
        List<Entry> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          batch.add(copy(done + i));
        }
        pg.upsertAll("synthetic", batch);
        done += n;
      }
    }

    private Entry copy(int n) {
      Entry original = real.get(n % real.size());
      float[] v = original.vector().clone();
      double norm = 0;
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (random.nextGaussian() * VECTOR_NOISE);
        norm += v[i] * v[i];
      }
      for (int i = 0; i < v.length; i++) {
        v[i] /= (float) Math.sqrt(norm);
      }
      StringBuilder text = new StringBuilder();
      for (String word : original.payload().text().split(" ")) {
        if (random.nextDouble() >= WORD_DROP) {
          text.append(word).append(' ');
        }
      }
      return new Entry(
          "s" + n, v, new Payload(text.toString().strip(), original.payload().attributes()));
    }
  }
}
