package dev.sift.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.index.Payload;
import dev.sift.index.VectorIndex;
import dev.sift.index.pgvector.PgVectorIndex;
import dev.sift.index.pgvector.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The index and the engine keep their tables in two Flyway histories: a new database gets every
 * table from them, and a database migrated by the release before the engine's tables moved out of
 * the index's history (its V3) opens with this code and keeps its rows.
 */
class SchemaHistoriesIT {

  private static final int DIM = 3;
  private static final String INDEX_HISTORY = "sift_schema_history";

  /** The index's last migration in the previous release. */
  private static final String PREVIOUS_INDEX_VERSION = "4";

  /**
   * The index's migrations as the previous release shipped them: today's V1, V2 and V4 (up to
   * {@link #PREVIOUS_INDEX_VERSION}), and under test resources a verbatim copy of its V3, which
   * created the engine's tables.
   */
  private static final String[] PREVIOUS_INDEX_MIGRATIONS = {
    "classpath:dev/sift/index/pgvector/migration", "classpath:dev/sift/engine/state/legacy"
  };

  private static final String TABLES =
      """
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_name LIKE 'sift%' ORDER BY table_name
      """;
  // Applied migrations, without the baseline row Flyway writes when it starts a history in a
  // database that already holds tables (which of the two came first decides that).
  private static final String INDEX_VERSIONS =
      """
      SELECT version FROM sift_schema_history WHERE success AND type <> 'BASELINE'
      ORDER BY installed_rank
      """;
  private static final String ENGINE_VERSIONS =
      """
      SELECT version FROM sift_engine_schema_history WHERE success AND type <> 'BASELINE'
      ORDER BY installed_rank
      """;
  private static final String INSERT_STATE =
      """
      INSERT INTO sift_state (kind, tenant, version, content) VALUES ('models', 'acme', 2, ?)
      """;
  private static final String INSERT_LOG =
      """
      INSERT INTO sift_state_log (kind, tenant, content) VALUES ('predictions', 'acme', ?)
      """;

  private static final byte[] MODEL = bytes("fitted model of acme");
  private static final byte[] FIRST_LINE = bytes("first suggestion");
  private static final byte[] SECOND_LINE = bytes("second suggestion");

  @Test
  void a_new_database_gets_every_table_from_the_index_and_engine_histories() {
    try (TestDatabase db = TestDatabase.create()) {
      PgVectorIndex.builder(db.dataSource(), DIM).build().close();
      StateStore fits = PgStateStore.open(db.dataSource()).open(StateStore.FITS);

      assertThat(tables(db))
          .containsExactly(
              "sift_engine_schema_history",
              "sift_posting",
              "sift_schema_history",
              "sift_state",
              "sift_state_log",
              "sift_ticket");
      assertThat(strings(db, INDEX_VERSIONS)).containsExactly("1", "2", "4", "5", "6");
      assertThat(strings(db, ENGINE_VERSIONS)).containsExactly("1");
      fits.write("acme", MODEL);
      assertThat(fits.read("acme").orElseThrow().content()).isEqualTo(MODEL);
    }
  }

  @Test
  void the_engine_state_may_be_opened_before_the_index_on_a_new_database() {
    try (TestDatabase db = TestDatabase.create()) {
      PgStateStore.open(db.dataSource());
      PgVectorIndex.builder(db.dataSource(), DIM).build().close();

      assertThat(strings(db, ENGINE_VERSIONS)).containsExactly("1");
      assertThat(strings(db, INDEX_VERSIONS)).containsExactly("1", "2", "4", "5", "6");
      assertThat(tables(db)).contains("sift_state", "sift_state_log", "sift_ticket");
    }
  }

  @Test
  void a_database_migrated_by_the_previous_release_opens_and_keeps_its_rows() throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      migrateAsThePreviousRelease(db);
      assertThat(strings(db, INDEX_VERSIONS)).containsExactly("1", "2", "3", "4");
      try (VectorIndex index = PgVectorIndex.builder(db.dataSource(), DIM).migrate(false).build()) {
        index.upsert("acme", "t1", new float[] {1, 0, 0}, new Payload("printer jam", Map.of()));
      }
      insert(db, INSERT_STATE, MODEL);
      insert(db, INSERT_LOG, FIRST_LINE);
      insert(db, INSERT_LOG, SECOND_LINE);

      // This release, twice: adopting the tables once, then opening as any later start does.
      for (int start = 0; start < 2; start++) {
        try (VectorIndex index = PgVectorIndex.builder(db.dataSource(), DIM).build()) {
          assertThat(index.count("acme")).isEqualTo(1);
          assertThat(index.get("acme", "t1").orElseThrow().payload().text())
              .isEqualTo("printer jam");
        }
        StateStore.Factory stores = PgStateStore.open(db.dataSource());
        StateStore.Versioned model = stores.open(StateStore.FITS).read("acme").orElseThrow();
        assertThat(model.version()).isEqualTo(2);
        assertThat(model.content()).isEqualTo(MODEL);
        List<byte[]> lines = new ArrayList<>();
        stores.open("predictions").readLog("acme", 0, (seq, line) -> lines.add(line));
        assertThat(lines).containsExactly(FIRST_LINE, SECOND_LINE);
      }

      // The old V3 stays in the index's history (as applied), this release's index migrations
      // follow it, and the engine's history adopted the tables with its V1.
      assertThat(strings(db, INDEX_VERSIONS)).containsExactly("1", "2", "3", "4", "5", "6");
      assertThat(strings(db, ENGINE_VERSIONS)).containsExactly("1");
      // New rows still get new numbers after the adopted ones.
      StateStore predictions = PgStateStore.open(db.dataSource()).open("predictions");
      assertThat(predictions.append("acme", bytes("third suggestion"))).isEqualTo(3);
    }
  }

  /** The index's Flyway as the previous release configured it, with its own V3. */
  private static void migrateAsThePreviousRelease(TestDatabase db) {
    Flyway.configure(SchemaHistoriesIT.class.getClassLoader())
        .dataSource(db.dataSource())
        .locations(PREVIOUS_INDEX_MIGRATIONS)
        .table(INDEX_HISTORY)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .target(PREVIOUS_INDEX_VERSION)
        .placeholders(
            Map.of(
                "dimension", Integer.toString(DIM),
                "hnsw_m", "16",
                "hnsw_ef_construction", "100"))
        .load()
        .migrate();
  }

  private static void insert(TestDatabase db, String sql, byte[] content) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setBytes(1, content);
      ps.executeUpdate();
    }
  }

  private static List<String> tables(TestDatabase db) {
    return strings(db, TABLES);
  }

  private static List<String> strings(TestDatabase db, String sql) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
