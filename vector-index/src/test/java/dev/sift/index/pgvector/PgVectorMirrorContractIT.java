package dev.sift.index.pgvector;

import dev.sift.index.VectorIndex;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contract once more with every search of a tenant answered by the replica's own copy ({@link
 * Mirror}) rather than by SQL: a write must show in the copy by the time it returns, and a replace
 * or a deleted tenant must be copied again before the copy answers.
 */
class PgVectorMirrorContractIT extends PgVectorContract {

  @Override
  protected VectorIndex open() {
    try {
      Path dir = Files.createTempDirectory("sift-mirror-contract");
      return new MirroredSearches(
          PgVectorIndex.builder(db.dataSource(), DIM)
              .mirror(dir.resolve("mirror"), LuceneVectorIndex.DEFAULT_PURGE_DELAY)
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
