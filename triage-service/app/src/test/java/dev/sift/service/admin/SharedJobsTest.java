package dev.sift.service.admin;

import dev.sift.engine.state.FileStateStore;
import dev.sift.engine.state.StateStore;
import dev.sift.index.VectorIndex;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SharedJobsTest extends SharedJobsContract {

  @TempDir Path dir;

  @Override
  protected StateStore store() {
    return new FileStateStore(dir.resolve("jobs"));
  }

  @Override
  protected VectorIndex index() {
    return LuceneVectorIndex.builder(dir.resolve("index"), DIM).build();
  }
}
