package dev.sift.index.internal;

import dev.sift.index.IndexException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directory housekeeping shared by the Lucene index and pgvector's mirror. Not API. */
public final class Directories {

  private Directories() {}

  /** Deletes {@code dir} and everything under it; nothing where it does not exist. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new IndexException("cannot delete directory " + dir, e);
    }
  }
}
