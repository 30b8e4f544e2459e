package dev.sift.index.pgvector;

import dev.sift.index.VectorIndex;

/**
 * The contract once more with every tenant searched as a large one: through the HNSW graph for the
 * rows the background task has moved into it, exactly for the rest. Overwrites, deletes and tenant
 * isolation must hold whichever part a row is in at the moment of the search.
 */
class PgVectorGraphPathIT extends PgVectorContract {

  @Override
  protected VectorIndex open() {
    return PgVectorIndex.builder(db.dataSource(), DIM).exactSearchBelow(0).build();
  }
}
