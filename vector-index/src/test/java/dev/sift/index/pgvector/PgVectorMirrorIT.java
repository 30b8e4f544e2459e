package dev.sift.index.pgvector;

import static dev.sift.index.VectorIndexContract.DIM;
import static dev.sift.index.VectorIndexContract.payload;
import static dev.sift.index.VectorIndexContract.unit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.index.Hit;
import dev.sift.index.TenantNames;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas on one database: {@code writer} writes through PostgreSQL alone, {@code reader}
 * answers searches from its own copy. What the writer commits must reach the reader's copy through
 * PostgreSQL's notices, and a reader that may have missed notices must answer from PostgreSQL until
 * it has copied the tenant again.
 */
class PgVectorMirrorIT {

  private static final Duration ARRIVAL = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 10;
  private static final String LISTENERS =
      "SELECT pid FROM pg_stat_activity WHERE query = 'LISTEN "
          + ChangeNotices.CHANNEL
          + "' AND datname = current_database()";

  private static TestDatabase db;
  private PgVectorIndex writer;
  private PgVectorIndex reader;

  @TempDir Path dir;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void openReplicas() {
    writer = PgVectorIndex.builder(db.dataSource(), DIM).build();
    db.emptyIndexTables();
    reader =
        PgVectorIndex.builder(db.dataSource(), DIM)
            .mirror(dir.resolve("mirror"), LuceneVectorIndex.DEFAULT_PURGE_DELAY)
            .build();
  }

  @AfterEach
  void closeReplicas() {
    reader.close();
    writer.close();
  }

  @Test
  void another_replicas_upserts_and_deletes_reach_the_copy() {
    writer.upsert("acme", "vpn", unit(1, 0), payload("vpn down", "Network"));
    MirroredSearches.awaitCopy(reader, "acme");

    writer.upsert("acme", "printer", unit(0, 1), payload("printer jam", "Hardware"));
    awaitInCopy(() -> ids(reader.search("acme", unit(0, 1), 1)).equals(List.of("printer")));
    writer.upsert("acme", "printer", unit(0, 1), payload("toner empty", "Supplies"));
    awaitInCopy(() -> ids(reader.searchText("acme", "toner", 5)).equals(List.of("printer")));
    assertThat(reader.searchText("acme", "jam", 5)).as("the old text is gone").isEmpty();
    assertThat(reader.search("acme", unit(0, 1), 1).get(0).payload().attribute("category"))
        .isEqualTo("Supplies");

    writer.delete("acme", "vpn");
    awaitInCopy(() -> !ids(reader.search("acme", unit(1, 0), 5)).contains("vpn"));
    assertThat(reader.hasTenant("acme")).isTrue();
    writer.delete("acme", "printer");
    awaitInCopy(() -> !reader.hasTenant("acme"));
  }

  @Test
  void another_replicas_replace_is_copied_again_and_tenants_stay_apart() {
    writer.upsert("acme", "old", unit(1, 0), payload("old vpn", "Old"));
    writer.upsert("globex", "g1", unit(1, 0), payload("globex vpn", "G"));
    MirroredSearches.awaitCopy(reader, "acme");
    MirroredSearches.awaitCopy(reader, "globex");

    String staging = TenantNames.staging("acme", "job1");
    writer.upsert(staging, "new", unit(1, 0.1f), payload("new vpn", "New"));
    writer.replaceTenant("acme", staging);

    awaitCopied(() -> ids(reader.search("acme", unit(1, 0), 5)).equals(List.of("new")));
    assertThat(ids(reader.searchText("acme", "vpn", 5))).containsExactly("new");
    assertThat(ids(reader.searchText("globex", "vpn", 5))).containsExactly("g1");

    writer.deleteTenant("acme");
    awaitCopied(() -> reader.search("acme", unit(1, 0), 5).isEmpty());
    assertThat(ids(reader.search("globex", unit(1, 0), 5))).containsExactly("g1");
  }

  @Test
  void a_replica_that_lost_its_notices_answers_from_postgresql_until_it_has_copied_again()
      throws SQLException {
    writer.upsert("acme", "vpn", unit(1, 0), payload("vpn down", "Network"));
    MirroredSearches.awaitCopy(reader, "acme");

    terminateListeners();
    await(() -> !reader.mirrorAnswers("acme"), "the copy stops answering");
    Path copied = dir.resolve("mirror").resolve("acme");
    await(() -> !Files.exists(copied), "the copy's files are dropped, erased tickets with them");
    writer.upsert("acme", "printer", unit(0, 1), payload("printer jam", "Hardware"));
    // No notice can reach the reader now, yet it must not answer from its stale copy.
    assertThat(ids(reader.search("acme", unit(0, 1), 1))).containsExactly("printer");

    MirroredSearches.awaitCopy(reader, "acme");
    assertThat(ids(reader.search("acme", unit(0, 1), 1))).containsExactly("printer");
    assertThat(ids(reader.searchText("acme", "jam", 5))).containsExactly("printer");
  }

  @Test
  void a_listener_whose_heartbeat_does_not_come_back_counts_itself_deaf_and_listens_again() {
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    NoticeListener.Events recorder =
        new NoticeListener.Events() {
          @Override
          public void listening() {
            events.add("listening");
          }

          @Override
          public void deaf() {
            events.add("deaf");
          }

          @Override
          public void notice(ChangeNotices.Notice notice) {
            events.add(notice.tenant());
          }
        };
    Transactions transactions = new Transactions(db.dataSource());
    // Heartbeats on another channel never come back: a connection that silently stopped
    // delivering looks just like this.
    try (NoticeListener deafOne =
        new NoticeListener(db.dataSource(), transactions, recorder, "sift_nowhere")) {
      await(() -> events.contains("listening"), "listening");
      writer.upsert("acme", "vpn", unit(1, 0), payload("vpn down", "Network"));
      await(() -> events.contains("acme"), "a notice arrives while listening");
      long start = System.nanoTime();
      await(() -> events.contains("deaf"), "counted deaf");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(NoticeListener.DEAF_AFTER.plusSeconds(2));
      await(() -> events.lastIndexOf("listening") > events.indexOf("deaf"), "listening again");
    }
  }

  private static void terminateListeners() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("SELECT pg_terminate_backend(pid) FROM (" + LISTENERS + ") l");
    }
  }

  /** Waits for a change to show while the copy, not PostgreSQL, answers. */
  private void awaitInCopy(BooleanSupplier shown) {
    await(
        () -> {
          assertThat(reader.mirrorAnswers("acme")).as("the copy answers").isTrue();
          return shown.getAsBoolean();
        },
        "the change reaches the copy");
  }

  /** Waits for the tenant to be copied again and the change to show in the copy. */
  private void awaitCopied(BooleanSupplier shown) {
    await(
        () -> reader.mirrorAnswers("acme") && shown.getAsBoolean(),
        "the tenant is copied again with the change");
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + ARRIVAL.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }
}
