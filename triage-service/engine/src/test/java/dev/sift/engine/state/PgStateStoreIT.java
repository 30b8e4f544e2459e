package dev.sift.engine.state;

import dev.sift.index.pgvector.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

class PgStateStoreIT extends StateStoreContract {

  private static TestDatabase db;
  private static StateStore.Factory stores;

  @BeforeAll
  static void createDatabase() {
    // The engine's tables alone: they need neither the index's tables nor pgvector.
    db = TestDatabase.create();
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
    db.execute("TRUNCATE sift_state, sift_state_log");
  }

  @Override
  protected StateStore open(String kind) {
    return stores.open(kind);
  }
}
