package dev.sift.service.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.ColumnMapping;
import dev.sift.data.Ticket;
import dev.sift.data.TicketReader;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.embedding.TextPreparer;
import dev.sift.engine.Engine;
import dev.sift.engine.TicketStore;
import dev.sift.engine.TriageRequest;
import dev.sift.engine.TriageResult;
import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.lucene.LuceneVectorIndex;
import dev.sift.index.pgvector.PgVectorIndex;
import dev.sift.index.pgvector.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same tenant history in both backends triages the same: the assignment-group suggestion agrees
 * on at least 99% of the itsm-assignment test tickets (80/20 random split, seed 42), and the top-5
 * neighbours overlap by at least 0.95. Each engine fits its own calibration on its own backend.
 *
 * <p>By default it runs on a subset that takes about a minute on 2 cores: the first {@value
 * #SUBSET_TRAIN} training and {@value #SUBSET_TEST} test tickets of the shuffled split. {@code
 * SIFT_PARITY=full} runs the whole split (6,800 and 1,700 tickets, about ten minutes). It also
 * prints the overlap of the vector and the BM25 lists alone.
 *
 * <p>Needs PostgreSQL with pgvector and the shared datasets: skipped without them, unless {@code
 * CI=true}.
 */
class BackendParityIT {

  static final int SUBSET_TRAIN = 1_500;
  static final int SUBSET_TEST = 300;

  private static final long SEED = 42;
  private static final double TEST_FRACTION = 0.2;
  private static final int K = 5;
  private static final String TENANT = "itsm";
  private static final String ITSM_MAPPING =
      "subject=Short description,body=Description,assignmentGroup=Assignment group,requester=Caller";

  @TempDir Path dir;

  @Test
  void both_backends_suggest_the_same_assignment_group() throws Exception {
    Path shared = Path.of(System.getenv().getOrDefault("SIFT_SHARED_DIR", "../../../shared"));
    Path data = shared.resolve("datasets/itsm-assignment/tickets.csv");
    requireOrSkip(Files.exists(data), "shared datasets at " + data.toAbsolutePath());
    List<Ticket> tickets =
        new ArrayList<>(
            TicketReader.builder()
                .mapping(ColumnMapping.parse(ITSM_MAPPING))
                .build()
                .readAll(data)
                .tickets());
    Collections.shuffle(tickets, new Random(SEED));
    int testSize = (int) (tickets.size() * TEST_FRACTION);
    List<Ticket> test = tickets.subList(0, testSize);
    List<Ticket> train = tickets.subList(testSize, tickets.size());
    boolean full = "full".equals(System.getenv("SIFT_PARITY"));
    if (!full) {
      test = test.subList(0, SUBSET_TEST);
      train = train.subList(0, SUBSET_TRAIN);
    }

    try (TestDatabase db = TestDatabase.create();
        Embedder embedder = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
        LuceneVectorIndex lucene =
            LuceneVectorIndex.builder(dir.resolve("index"), embedder.dimension()).build();
        PgVectorIndex pg = PgVectorIndex.builder(db.dataSource(), embedder.dimension()).build();
        Engine onLucene =
            Engine.builder(new TicketStore(embedder, lucene), dir.resolve("m1")).build();
        Engine onPg = Engine.builder(new TicketStore(embedder, pg), dir.resolve("m2")).build()) {
      long began = System.nanoTime();
      onLucene.history().importHistory(TENANT, train);
      System.out.printf(
          "lucene: embedded, imported and fitted %d tickets in %.1f s%n",
          train.size(), (System.nanoTime() - began) / 1e9);

      // The same vectors and payloads, copied entry by entry, so only the index differs.
      List<Entry> entries = new ArrayList<>();
      lucene.forEach(TENANT, entries::add);
      long start = System.nanoTime();
      pg.upsertAll(TENANT, entries);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "pgvector: loaded %d real tickets by binary COPY in %.1f s: %.0f tickets/s%n",
          entries.size(), seconds, entries.size() / seconds);
      began = System.nanoTime();
      onPg.history().refit(TENANT);
      System.out.printf("pgvector: fitted in %.1f s%n", (System.nanoTime() - began) / 1e9);
      began = System.nanoTime();

      int same = 0;
      double overlap = 0;
      double vectorOverlap = 0;
      double textOverlap = 0;
      for (Ticket t : test) {
        TriageRequest request = TriageRequest.of(t.subject(), t.body());
        float[] vector = embedder.embed(TextPreparer.prepare(t.subject(), t.body()));
        TriageResult a = onLucene.triage().triageEmbedded(TENANT, request, K, vector);
        TriageResult b = onPg.triage().triageEmbedded(TENANT, request, K, vector);
        same += bestGuess(a).equals(bestGuess(b)) ? 1 : 0;
        List<String> idsA =
            a.neighbours().stream().map(TriageResult.NeighbourView::ticketId).toList();
        overlap +=
            overlap(
                idsA, b.neighbours().stream().map(TriageResult.NeighbourView::ticketId).toList());
        vectorOverlap +=
            overlap(ids(lucene.search(TENANT, vector, K)), ids(pg.search(TENANT, vector, K)));
        String text = TextPreparer.prepare(t.subject(), t.body());
        textOverlap +=
            overlap(ids(lucene.searchText(TENANT, text, K)), ids(pg.searchText(TENANT, text, K)));
      }
      System.out.printf(
          "compared %d triages in %.1f s%n", test.size(), (System.nanoTime() - began) / 1e9);
      double agreement = same / (double) test.size();
      double meanOverlap = overlap / test.size();
      System.out.printf(
          "parity on %d itsm-assignment test tickets (history %d): suggestion agreement %.4f, "
              + "top-%d overlap %.4f; vector alone %.4f, BM25 alone %.4f%n",
          test.size(),
          train.size(),
          agreement,
          K,
          meanOverlap,
          vectorOverlap / test.size(),
          textOverlap / test.size());
      assertThat(agreement).isGreaterThanOrEqualTo(0.99);
      assertThat(meanOverlap).isGreaterThanOrEqualTo(0.95);
      assertThat(vectorOverlap / test.size())
          .as("exact vector search on both")
          .isGreaterThanOrEqualTo(0.99);
    }
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }

  /** The share of the first list's ids that the second list also holds. */
  private static double overlap(List<String> a, List<String> b) {
    return a.stream().filter(b::contains).count() / (double) Math.max(1, a.size());
  }

  private static void requireOrSkip(boolean available, String what) {
    if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("CI=true requires " + what);
    }
    Assumptions.assumeTrue(available, "skipped without " + what);
  }

  private static String bestGuess(TriageResult r) {
    TriageResult.Suggestion s = r.suggestions().get("assignmentGroup");
    if (s == null) {
      return "";
    }
    return s.abstained() ? s.alternatives().get(0).value() : s.value();
  }
}
