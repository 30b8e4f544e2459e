package dev.sift.engine.state;

import dev.sift.index.pgvector.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

class PgStateStoreIT extends StateStoreContract {

  private static final int DIMENSION = 3;
  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.withIndexSchema(DIMENSION);
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void emptyTables() {
    db.execute("TRUNCATE sift_state, sift_state_log");
  }

  @Override
  protected StateStore open(String kind) {
    return new PgStateStore(db.dataSource(), kind);
  }
}
