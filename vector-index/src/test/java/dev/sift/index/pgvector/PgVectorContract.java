package dev.sift.index.pgvector;

import dev.sift.index.VectorIndexContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract on PostgreSQL: one fresh {@link TestDatabase} per test class, and an empty index at
 * the start of every test. Each pgvector IT of the contract extends this and says how to open the
 * index.
 */
abstract class PgVectorContract extends VectorIndexContract {

  /** Set by each test class in turn (test classes do not run in parallel here). */
  protected static TestDatabase db;

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

  /**
   * Runs after the contract opened the index (and so migrated): every test starts from an empty
   * table.
   */
  @BeforeEach
  void emptyTable() {
    db.emptyIndexTables();
  }
}
