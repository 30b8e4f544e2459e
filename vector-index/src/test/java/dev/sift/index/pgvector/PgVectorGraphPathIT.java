package dev.sift.index.pgvector;

import dev.sift.index.VectorIndex;
import dev.sift.index.VectorIndexContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract once more with every tenant searched as a large one: through the HNSW graph for the rows the
 * background task has moved into it, exactly for the rest. Overwrites, deletes and tenant isolation must hold
 * whichever part a row is in at the moment of the search.
 */
class PgVectorGraphPathIT extends VectorIndexContract {

  private static TestDatabase db;

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
  void emptyTable() {
    db.execute("TRUNCATE sift_ticket, sift_posting");
  }

  @Override
  protected VectorIndex open() {
    return PgVectorIndex.builder(db.dataSource(), DIM).exactSearchBelow(0).build();
  }
}
