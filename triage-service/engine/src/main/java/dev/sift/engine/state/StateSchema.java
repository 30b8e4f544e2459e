package dev.sift.engine.state;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The engine's tables on PostgreSQL ({@code sift_state}, {@code sift_state_log}) and their own
 * Flyway history, beside the index's and the service's (docs/pgvector.md, "Schema").
 */
final class StateSchema {

  private static final String MIGRATIONS = "classpath:dev/sift/engine/state/migration";

  /**
   * Neither the index's {@code sift_schema_history} nor the service's {@code
   * sift_service_schema_history}: each owner of tables migrates them in its own history.
   */
  private static final String SCHEMA_HISTORY_TABLE = "sift_engine_schema_history";

  private StateSchema() {}

  /**
   * Creates or upgrades the tables. Flyway takes an advisory lock, so replicas starting together
   * migrate once.
   */
  static void migrate(DataSource dataSource) {
    try {
      Flyway.configure(StateSchema.class.getClassLoader())
          .dataSource(dataSource)
          .locations(MIGRATIONS)
          .table(SCHEMA_HISTORY_TABLE)
          // The database holds other tables (the index's, the service's), and when an earlier
          // release made it, these ones too: V1 adopts them.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw new StateException("cannot migrate the engine's state tables: " + e.getMessage(), e);
    }
  }
}
