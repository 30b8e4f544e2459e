package dev.sift.service.admin;

import dev.sift.engine.state.PgStateStore;
import dev.sift.engine.state.StateStore;
import dev.sift.index.VectorIndex;
import dev.sift.index.pgvector.PgVectorIndex;
import dev.sift.index.pgvector.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

class SharedJobsPgIT extends SharedJobsContract {

  private static TestDatabase db;
  private static StateStore.Factory stores;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.withIndexSchema(DIM);
    stores = PgStateStore.open(db.dataSource());
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void emptyTables() {
    db.execute("TRUNCATE sift_state, sift_state_log, sift_ticket");
  }

  @Override
  protected StateStore store() {
    return stores.open(JobsConfiguration.JOBS_STATE);
  }

  @Override
  protected VectorIndex index() {
    return PgVectorIndex.builder(db.dataSource(), DIM).build();
  }
}
