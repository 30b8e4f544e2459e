package dev.sift.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** The commands' scratch directories (indexes, tenant fits), removed when a run ends. */
public final class Directories {
  private Directories() {}

  /** Deletes {@code dir} and everything under it, deepest first. */
  public static void deleteRecursively(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
