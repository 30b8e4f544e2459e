package dev.sift.index.lucene;

import dev.sift.index.VectorIndex;
import dev.sift.index.VectorIndexContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LuceneVectorIndexTest extends VectorIndexContract {

  @TempDir
  Path dir;

  @Override
  protected VectorIndex open() {
    return LuceneVectorIndex.builder(dir, DIM).build();
  }
}
