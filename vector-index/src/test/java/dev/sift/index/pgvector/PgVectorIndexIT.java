package dev.sift.index.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.IndexException;
import dev.sift.index.Payload;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import dev.sift.index.internal.LexicalTerms;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgVectorIndexIT extends PgVectorContract {

  private static final long SEED = 7;

  /** A tiny exact-search threshold, so that a few rows make a tenant large enough for the graph. */
  private static final int GRAPH_FROM = 10;

  private static final java.time.Duration GRAPH_WAIT = java.time.Duration.ofSeconds(30);
  private static final long POLL_MILLIS = 50;
  private static final String HNSW_DEFINITION =
      """
      SELECT pg_get_indexdef(c.oid) FROM pg_class c WHERE c.relname = 'sift_ticket_embedding_hnsw'
      """;

  @Override
  protected VectorIndex open() {
    return PgVectorIndex.builder(db.dataSource(), DIM).build();
  }

  @Test
  void a_large_batch_goes_through_binary_copy_and_keeps_the_last_duplicate() {
    Random r = new Random(SEED);
    List<Entry> batch = new ArrayList<>();
    for (int i = 0; i < PgVectorIndex.DEFAULT_COPY_FROM * 3; i++) {
      Payload quoted = new Payload("text \"quoted\" \\ " + i, Map.of("category", "C" + i));
      batch.add(new Entry("t" + i, random(r), quoted));
    }
    float[] last = random(r);
    batch.add(new Entry("t0", last, payload("replaced", "Last")));
    index.upsertAll("acme", batch);
    assertThat(index.count("acme")).isEqualTo(PgVectorIndex.DEFAULT_COPY_FROM * 3L);
    Entry t0 = index.get("acme", "t0").orElseThrow();
    assertThat(t0.vector()).containsExactly(last);
    assertThat(t0.payload().attribute("category")).isEqualTo("Last");
    assertThat(index.get("acme", "t5").orElseThrow().payload().text())
        .isEqualTo("text \"quoted\" \\ 5");
    assertThat(index.search("acme", last, 1)).extracting(h -> h.id()).containsExactly("t0");
  }

  @Test
  void rows_of_a_large_tenant_join_the_graph_in_the_background_and_a_small_tenants_never_do()
      throws InterruptedException {
    PgVectorIndex graphFromTen =
        PgVectorIndex.builder(db.dataSource(), DIM).exactSearchBelow(GRAPH_FROM).build();
    try {
      Random r = new Random(SEED);
      List<Entry> large = new ArrayList<>();
      for (int i = 0; i < GRAPH_FROM * 4; i++) {
        large.add(new Entry("l" + i, random(r), payload("large " + i, "L")));
      }
      graphFromTen.upsertAll("large", large);
      graphFromTen.upsertAll("small", List.of(new Entry("s0", random(r), payload("small", "S"))));
      long deadline = System.nanoTime() + GRAPH_WAIT.toNanos();
      while (graphed("large") < large.size() && System.nanoTime() < deadline) {
        Thread.sleep(POLL_MILLIS);
      }
      assertThat(graphed("large")).isEqualTo(large.size());
      assertThat(graphed("small")).isZero();
    } finally {
      graphFromTen.close();
    }
  }

  @Test
  void a_large_tenant_finds_its_rows_whether_or_not_the_graph_holds_them_yet() {
    PgVectorIndex graphFromTen =
        PgVectorIndex.builder(db.dataSource(), DIM).exactSearchBelow(GRAPH_FROM).build();
    try {
      Random r = new Random(SEED);
      List<Entry> large = new ArrayList<>();
      for (int i = 0; i < GRAPH_FROM * 4; i++) {
        large.add(new Entry("l" + i, random(r), payload("large " + i, "L")));
      }
      graphFromTen.upsertAll("large", large);
      graphFromTen.graphPending();
      // As if the background task lagged behind: a quarter of the rows are still outside the graph.
      db.execute(
          "UPDATE sift_ticket SET graphed = false WHERE tenant = 'large' AND id IN ('l0', 'l1', 'l2', 'l3', "
              + "'l4', 'l5', 'l6', 'l7', 'l8', 'l9')");
      assertThat(graphed("large")).isEqualTo(large.size() - GRAPH_FROM);
      for (Entry e : large) {
        assertThat(graphFromTen.search("large", e.vector(), 1))
            .extracting(Hit::id)
            .containsExactly(e.id());
      }
      // An overwritten row leaves the graph with its old vector and is found by its new one.
      float[] moved = random(r);
      graphFromTen.upsert("large", "l20", moved, payload("moved", "L"));
      assertThat(graphFromTen.search("large", moved, 1)).extracting(Hit::id).containsExactly("l20");
    } finally {
      graphFromTen.close();
    }
  }

  @Test
  void an_import_with_the_graph_dropped_builds_the_same_index_again_with_the_large_tenants_in_it() {
    PgVectorIndex graphFromTen =
        PgVectorIndex.builder(db.dataSource(), DIM).exactSearchBelow(GRAPH_FROM).build();
    try {
      String definition = hnswDefinition();
      Random r = new Random(SEED);
      List<Entry> large = new ArrayList<>();
      for (int i = 0; i < GRAPH_FROM * 4; i++) {
        large.add(new Entry("l" + i, random(r), payload("large " + i, "L")));
      }

      double seconds =
          graphFromTen.withGraphRebuiltAfter(
              () -> {
                assertThat(hnswDefinition()).as("dropped during the load").isNull();
                graphFromTen.upsertAll("large", large);
              });

      assertThat(seconds).isNotNegative();
      assertThat(hnswDefinition()).isEqualTo(definition);
      awaitGraphed("large", large.size());
      for (Entry e : large) {
        assertThat(graphFromTen.search("large", e.vector(), 1))
            .extracting(Hit::id)
            .containsExactly(e.id());
      }
    } finally {
      graphFromTen.close();
    }
  }

  @Test
  void a_failed_import_still_gets_its_graph_index_back() {
    PgVectorIndex pg = (PgVectorIndex) index;
    String definition = hnswDefinition();

    assertThatThrownBy(
            () ->
                pg.withGraphRebuiltAfter(
                    () -> {
                      throw new IllegalStateException("load failed");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("load failed");

    assertThat(hnswDefinition()).isEqualTo(definition);
  }

  /**
   * The background task or the import may still be committing the last chunk: waits for it, up to a
   * bound.
   */
  private static void awaitGraphed(String tenant, long rows) {
    long deadline = System.nanoTime() + GRAPH_WAIT.toNanos();
    while (graphed(tenant) < rows && System.nanoTime() < deadline) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    assertThat(graphed(tenant)).isEqualTo(rows);
  }

  /**
   * A replaced tenant arrives all at once; the planner's statistics are refreshed with it, so its
   * first searches are not planned for the tables as they were (on an empty table, a lexical search
   * read every posting of the tenant), and its pages are vacuumed, so that lexical search reads the
   * covering indexes alone. Autovacuum's own runs count apart, so only the index's VACUUM ANALYZE
   * moves these counters.
   */
  @Test
  void replacing_a_tenant_refreshes_the_planner_statistics_and_visibility() {
    String staging = TenantNames.staging("stats", "job1");
    Random r = new Random(SEED);
    List<Entry> rows = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      rows.add(new Entry("s" + i, random(r), payload("printer toner empty " + i, "C")));
    }
    index.upsertAll(staging, rows);
    long tickets = analyses("sift_ticket");
    long postings = analyses("sift_posting");
    long ticketVacuums = vacuums("sift_ticket");
    long postingVacuums = vacuums("sift_posting");
    index.replaceTenant("stats", staging);
    // The VACUUM runs on its own thread, a moment after the swap (TicketWrites.VACUUM_DELAY).
    long deadline = System.nanoTime() + VACUUM_PATIENCE.toNanos();
    while (vacuums("sift_posting") == postingVacuums && System.nanoTime() < deadline) {
      sleep(100);
    }
    assertThat(analyses("sift_ticket")).isGreaterThan(tickets);
    assertThat(analyses("sift_posting")).isGreaterThan(postings);
    assertThat(vacuums("sift_ticket")).isGreaterThan(ticketVacuums);
    assertThat(vacuums("sift_posting")).isGreaterThan(postingVacuums);
    assertThat(index.searchText("stats", "toner", 200)).hasSize(rows.size());
  }

  /** Far longer than the vacuum's delay and its run on 120 rows. */
  private static final java.time.Duration VACUUM_PATIENCE = java.time.Duration.ofSeconds(20);

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long vacuums(String table) {
    return longOf("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = '" + table + "'");
  }

  private static long analyses(String table) {
    return longOf("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = '" + table + "'");
  }

  private static long longOf(String sql) {
    try (var c = db.dataSource().getConnection();
        var ps = c.prepareStatement(sql);
        var rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The stored CREATE INDEX of the HNSW index, or null while it is dropped. */
  private static String hnswDefinition() {
    try (var c = db.dataSource().getConnection();
        var ps = c.prepareStatement(HNSW_DEFINITION);
        var rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long graphed(String tenant) {
    try (var c = db.dataSource().getConnection();
        var ps =
            c.prepareStatement("SELECT count(*) FROM sift_ticket WHERE tenant = ? AND graphed")) {
      ps.setString(1, tenant);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void reopening_with_another_dimension_fails_fast_instead_of_mixing_models() {
    index.upsert("acme", "t1", unit(1, 0), payload("fine", "A"));
    assertThatThrownBy(() -> PgVectorIndex.builder(db.dataSource(), DIM * 2).build())
        .isInstanceOf(IndexException.class)
        .hasMessageContaining("differs from index dimension " + DIM * 2);
  }

  @Test
  void nul_characters_which_postgresql_cannot_store_are_dropped_on_both_write_paths() {
    var nul = new Payload("disk\0 full", Map.of("category", "Hard\0ware", "note", "tab\there"));
    index.upsert("acme", "single", unit(1, 0), nul);
    List<Entry> copied = new ArrayList<>(List.of(new Entry("copied", unit(0, 1), nul)));
    for (int i = 0; i < PgVectorIndex.DEFAULT_COPY_FROM; i++) {
      copied.add(new Entry("pad" + i, unit(1, 1), nul)); // enough to take the binary COPY path
    }
    index.upsertAll("acme", copied);
    for (String id : List.of("single", "copied")) {
      Entry e = index.get("acme", id).orElseThrow();
      assertThat(e.payload().text()).isEqualTo("disk full");
      assertThat(e.payload().attributes())
          .containsEntry("category", "Hardware")
          .containsEntry("note", "tab\there");
    }
  }

  @Test
  void scores_text_with_the_same_bm25_as_the_lucene_backend(@TempDir Path dir) {
    Random r = new Random(SEED);
    String[] vocabulary =
        ("vpn connection drops printer toner empty outlook mailbox full password reset "
                + "account locked laptop screen broken wifi slow teams meeting audio error server down disk")
            .split(" ");
    // Enough words that a long query has more than MAX_SCORED_TERMS of them, many with equal
    // document frequencies: both backends must pick the same rarest terms, ties by term.
    List<String> extended = new ArrayList<>(List.of(vocabulary));
    for (int i = 0; extended.size() < 3 * LexicalTerms.MAX_SCORED_TERMS; i++) {
      extended.add("code" + (char) ('a' + i / 26) + (char) ('a' + i % 26));
    }
    vocabulary = extended.toArray(String[]::new);
    List<Entry> tickets = new ArrayList<>();
    // Lengths beyond 40 tokens, where Lucene stores the document length rounded, and repeated
    // words.
    for (int i = 0; i < 300; i++) {
      StringBuilder text = new StringBuilder();
      int words = 1 + r.nextInt(i % 3 == 0 ? 120 : 12);
      for (int w = 0; w < words; w++) {
        text.append(
                vocabulary[
                    (int) Math.abs(r.nextGaussian() * vocabulary.length / 3) % vocabulary.length])
            .append(w % 7 == 6 ? ". The " : " ");
      }
      tickets.add(new Entry("t" + i, random(r), payload(text.toString(), "C")));
    }
    try (LuceneVectorIndex lucene = LuceneVectorIndex.builder(dir, DIM).build()) {
      lucene.upsertAll("acme", tickets);
      index.upsertAll("acme", tickets.subList(0, 150)); // binary COPY
      index.upsertAll("acme", tickets.subList(150, 200)); // batched INSERTs
      index.upsertAll("acme", tickets.subList(200, 300));
      for (int q = 0; q < 35; q++) {
        StringBuilder text = new StringBuilder();
        // The last ten queries are long: more distinct terms than are scored.
        int length = q < 25 ? 2 : 2 * LexicalTerms.MAX_SCORED_TERMS;
        for (int w = 0; w < length; w++) {
          text.append(vocabulary[r.nextInt(vocabulary.length)]).append(' ');
        }
        String query = text.append(q % 2 == 0 ? " Printers, errors!" : "").toString();
        Map<String, Float> expected = scores(lucene.searchText("acme", query, tickets.size()));
        Map<String, Float> actual = scores(index.searchText("acme", query, tickets.size()));
        assertThat(actual.keySet()).as(query).isEqualTo(expected.keySet()).isNotEmpty();
        actual.forEach(
            (id, score) ->
                assertThat(score).as(query + " " + id).isCloseTo(expected.get(id), within(1e-4f)));
      }
    }
  }

  private static Map<String, Float> scores(List<Hit> hits) {
    Map<String, Float> scores = new HashMap<>();
    hits.forEach(h -> scores.put(h.id(), h.score()));
    return scores;
  }
}
