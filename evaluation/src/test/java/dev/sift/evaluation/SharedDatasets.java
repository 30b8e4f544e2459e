package dev.sift.evaluation;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where ../shared lives, for the tests on the development data sets; absent only outside CI. */
public final class SharedDatasets {
  private SharedDatasets() {}

  /**
   * ../shared/datasets ({@code SIFT_SHARED_DIR}); skips the test where it is missing, fails it
   * under CI.
   */
  public static Path datasets() {
    String env = System.getenv("SIFT_SHARED_DIR");
    Path dir = env != null ? Path.of(env) : Path.of("../../shared");
    boolean present = Files.isDirectory(dir.resolve("datasets"));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          "CI=true but the shared datasets are missing at " + dir.toAbsolutePath());
    }
    assumeThat(present).as("shared datasets at %s", dir.toAbsolutePath()).isTrue();
    return dir.resolve("datasets");
  }
}
