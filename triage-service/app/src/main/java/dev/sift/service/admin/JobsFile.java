package dev.sift.service.admin;

import dev.sift.engine.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The jobs directory of one instance: {@code jobs.json}, rewritten as jobs change so that a restart
 * can tell what was running, and the uploads that queued imports read. Kept apart from {@link
 * Jobs}, which only schedules and tracks.
 */
final class JobsFile {

  private static final Logger log = LoggerFactory.getLogger(JobsFile.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String STATE_FILE = "jobs.json";
  private static final String UPLOAD_SUFFIX = ".upload";

  private final Path dir;

  JobsFile(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create jobs directory " + dir, e);
    }
  }

  /**
   * A place for an upload that a job will read; under the jobs directory, so it is on the same
   * disk.
   */
  Path uploadFile(String id) {
    return dir.resolve(id + UPLOAD_SUFFIX);
  }

  /** Replaces the saved state; a failure only logs, since the jobs themselves go on. */
  void save(Collection<JobView> jobs) {
    try {
      AtomicFiles.write(dir.resolve(STATE_FILE), JSON.writeValueAsBytes(new ArrayList<>(jobs)));
    } catch (IOException e) {
      log.warn("cannot save job state to {}", dir, e);
    }
  }

  /**
   * The jobs saved before this process started, all finished: one that was still running was
   * interrupted by the restart and is reported failed (and saved so), its staging index dropped.
   * Uploads left behind are deleted, since no job will read them any more. None when there is no
   * state file, or an unreadable one.
   */
  List<JobView> recover(BiConsumer<String, String> dropStaging, Clock clock) {
    Path file = dir.resolve(STATE_FILE);
    if (!Files.exists(file)) {
      return List.of();
    }
    List<JobView> saved;
    try {
      saved = JSON.readValue(file.toFile(), new TypeReference<List<JobView>>() {});
    } catch (RuntimeException e) {
      log.warn("cannot read job state {}; starting with none", file, e);
      return List.of();
    }
    List<JobView> recovered = new ArrayList<>();
    for (JobView v : saved) {
      if (v.finished()) {
        recovered.add(v);
        continue;
      }
      if (Jobs.APPEND.equals(v.kind())) {
        recovered.add(
            v.failed(
                clock.instant(),
                "interrupted by a restart; the tickets stored before it stay"
                    + " in the tenant (import the file again to finish: tickets are replaced by id)"));
        log.warn(
            "job {} (tenant {}) was interrupted by a restart and is marked failed",
            v.id(),
            v.tenant());
        continue;
      }
      // The process stopped mid-job: the swap never happened, so the tenant is on its old index.
      Jobs.dropStaging(dropStaging, v);
      recovered.add(
          v.failed(
              clock.instant(),
              "interrupted by a restart; the tenant was left on its previous index"));
      log.warn(
          "job {} (tenant {}) was interrupted by a restart and is marked failed",
          v.id(),
          v.tenant());
    }
    deleteUploads();
    save(recovered);
    return recovered;
  }

  private void deleteUploads() {
    try (var uploads = Files.list(dir)) {
      for (Path p :
          uploads.filter(p -> p.getFileName().toString().endsWith(UPLOAD_SUFFIX)).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("cannot clean uploads in {}", dir, e);
    }
  }
}
