package dev.sift.index.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.index.IndexException;
import dev.sift.index.VectorIndex;
import org.junit.jupiter.api.Test;

/**
 * The index's history may lack exactly one applied migration: V3, whose tables moved to the
 * engine's own history. Any other applied migration this code does not know still stops the start,
 * as Flyway's validation would.
 */
class SchemaHistoryIT {

  private static final int DIM = 3;

  /** An applied row as Flyway writes it; the version, description and script vary per test. */
  private static final String APPLIED =
      """
      INSERT INTO sift_schema_history
        (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
      SELECT max(installed_rank) + 1, ?, ?, 'SQL', ?, 0, current_user, 0, true FROM sift_schema_history
      """;

  @Test
  void an_applied_v3_of_the_engine_tables_is_not_required_locally() {
    try (TestDatabase db = TestDatabase.withIndexSchema(DIM)) {
      applied(db, "3", "sift state", "V3__sift_state.sql");

      try (VectorIndex index = PgVectorIndex.builder(db.dataSource(), DIM).build()) {
        assertThat(index.count("acme")).isZero();
      }
    }
  }

  @Test
  void any_other_applied_migration_not_known_here_stops_the_start() {
    try (TestDatabase db = TestDatabase.withIndexSchema(DIM)) {
      applied(db, "2.5", "from another branch", "V2_5__from_another_branch.sql");

      assertThatThrownBy(() -> PgVectorIndex.builder(db.dataSource(), DIM).build())
          .isInstanceOf(IndexException.class)
          .hasMessageContaining("applied migration 2.5 (V2_5__from_another_branch.sql")
          .hasMessageContaining("is not resolved locally");
    }
  }

  @Test
  void a_v3_by_another_name_stops_the_start() {
    try (TestDatabase db = TestDatabase.withIndexSchema(DIM)) {
      applied(db, "3", "something else", "V3__something_else.sql");

      assertThatThrownBy(() -> PgVectorIndex.builder(db.dataSource(), DIM).build())
          .isInstanceOf(IndexException.class)
          .hasMessageContaining("applied migration 3 (V3__something_else.sql");
    }
  }

  private static void applied(TestDatabase db, String version, String description, String script) {
    try (var c = db.dataSource().getConnection();
        var ps = c.prepareStatement(APPLIED)) {
      ps.setString(1, version);
      ps.setString(2, description);
      ps.setString(3, script);
      ps.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
