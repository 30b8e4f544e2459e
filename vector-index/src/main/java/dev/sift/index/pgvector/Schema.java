package dev.sift.index.pgvector;

import dev.sift.index.HnswParams;
import dev.sift.index.IndexException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The DDL side of the backend: the Flyway migrations that create and upgrade the tables, the check
 * that the stored vectors fit the model, and the HNSW index that a bulk load drops and builds
 * again. Kept apart from the row statements because it runs once per start (or once per import),
 * not once per request.
 */
final class Schema {

  private static final String MIGRATIONS = "classpath:dev/sift/index/pgvector/migration";

  /**
   * Not Flyway's default name: the database may also hold the service's tables and their own
   * history.
   */
  private static final String SCHEMA_HISTORY_TABLE = "sift_schema_history";

  /**
   * The engine's tables ({@code sift_state}, {@code sift_state_log}) were created by this history's
   * V3 until they moved to the engine's own history (docs/pgvector.md, "Schema"). Databases made
   * before the move have it applied here; it is the one applied migration this history may lack.
   */
  private static final MigrationVersion MOVED_OUT = MigrationVersion.fromVersion("3");

  private static final String MOVED_OUT_SCRIPT = "V3__sift_state.sql";

  /**
   * Flyway's default ({@code *:future}: a newer release migrated the database), plus missing
   * versioned migrations: a pattern names no version, so {@link #requireOnlyMovedOutMissing} allows
   * {@link #MOVED_OUT} alone.
   */
  private static final String[] IGNORED = {"*:future", "versioned:missing"};

  private Schema() {}

  /**
   * Creates or upgrades the tables; the placeholders size the vector column and the HNSW index of a
   * new table.
   */
  static void migrate(DataSource dataSource, int dimension, HnswParams hnsw) {
    try {
      Flyway flyway =
          Flyway.configure(Schema.class.getClassLoader())
              .dataSource(dataSource)
              .locations(MIGRATIONS)
              .table(SCHEMA_HISTORY_TABLE)
              // The database may already hold other tables (the service's own, or anything else).
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .ignoreMigrationPatterns(IGNORED)
              .placeholders(
                  Map.of(
                      "dimension", Integer.toString(dimension),
                      "hnsw_m", Integer.toString(hnsw.maxConnections()),
                      "hnsw_ef_construction", Integer.toString(hnsw.beamWidth())))
              .load();
      requireOnlyMovedOutMissing(flyway.info());
      flyway.migrate();
    } catch (RuntimeException e) {
      throw new IndexException("cannot migrate the pgvector schema: " + e.getMessage(), e);
    }
  }

  /**
   * Fails as Flyway's own validation would when the database has an applied migration this code
   * does not know, unless it is the one that {@link #MOVED_OUT moved out}.
   */
  private static void requireOnlyMovedOutMissing(MigrationInfoService info) {
    for (MigrationInfo m : info.all()) {
      boolean missing =
          m.getState() == MigrationState.MISSING_SUCCESS
              || m.getState() == MigrationState.MISSING_FAILED;
      boolean movedOut =
          m.getState() == MigrationState.MISSING_SUCCESS
              && MOVED_OUT.equals(m.getVersion())
              && MOVED_OUT_SCRIPT.equals(m.getScript());
      if (missing && !movedOut) {
        throw new IndexException(
            "applied migration "
                + m.getVersion()
                + " ("
                + m.getScript()
                + ", "
                + m.getState().getDisplayName()
                + ") of table "
                + SCHEMA_HISTORY_TABLE
                + " is not resolved locally: the database was migrated by another release");
      }
    }
  }

  /**
   * Fails when the table was made for another model: vectors of different dimensions must never
   * mix.
   */
  static void checkColumnDimension(Connection c, int dimension) throws SQLException {
    int stored;
    try (PreparedStatement ps = c.prepareStatement(SchemaSql.COLUMN_DIMENSION);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      stored = (int) rs.getLong(1);
    }
    if (stored != dimension) {
      throw new IndexException(
          "table sift_ticket holds vectors of dimension "
              + stored
              + ", which differs from index dimension "
              + dimension
              + "; vectors of different models do not mix");
    }
  }

  /**
   * The HNSW index's own {@code CREATE INDEX} statement, as stored by the server; null when it does
   * not exist.
   */
  static String hnswIndexDefinition(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SchemaSql.HNSW_INDEX_DEFINITION);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  static void dropHnswIndex(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SchemaSql.DROP_HNSW_INDEX)) {
      ps.execute();
    }
  }

  /**
   * Builds the HNSW index again from a definition read by {@link #hnswIndexDefinition}
   * (pg_get_indexdef of the index just dropped, never a caller's text), with enough memory for the
   * graph to be built in one pass.
   */
  static void createHnswIndex(Connection c, String definition) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SchemaSql.SET_BUILD_MEMORY)) {
      ps.execute();
    }
    try (var statement = c.createStatement()) {
      statement.execute(definition);
    }
  }
}
