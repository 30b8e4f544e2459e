package dev.sift.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.index.Payload;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class JobsTest {

  private static final int DIM = 4;

  @TempDir Path dir;

  @Test
  void a_job_running_when_the_process_stopped_is_reported_failed_and_its_staging_index_dropped()
      throws Exception {
    Path jobsDir = Files.createDirectories(dir.resolve("jobs"));
    JobView running =
        new JobView(
            "abc123",
            "replace-history",
            "acme",
            JobState.RUNNING,
            "importing",
            null,
            Instant.parse("2026-11-24T00:00:00Z"),
            Instant.parse("2026-11-24T00:00:01Z"),
            null,
            500,
            0,
            null,
            0,
            100,
            1000,
            50.0,
            9L,
            null,
            List.of());
    Files.write(
        jobsDir.resolve("jobs.json"),
        JsonMapper.builder().build().writeValueAsBytes(List.of(running)));
    Files.writeString(jobsDir.resolve("abc123.upload"), "id,subject\n1,x\n");
    try (VectorIndex index = LuceneVectorIndex.builder(dir.resolve("index"), DIM).build()) {
      index.upsert("acme", "live", new float[] {1, 0, 0, 0}, new Payload("live", Map.of()));
      index.upsert(
          TenantNames.staging("acme", "abc123"),
          "half",
          new float[] {1, 0, 0, 0},
          new Payload("half", Map.of()));

      try (Jobs jobs = new Jobs(jobsDir, index, Clock.systemUTC())) {
        JobView job = jobs.get("abc123").orElseThrow();

        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).contains("restart");
        assertThat(index.count(TenantNames.staging("acme", "abc123"))).isZero();
        assertThat(index.get("acme", "live")).isPresent();
        assertThat(Files.exists(jobsDir.resolve("abc123.upload"))).isFalse();
      }
      try (Jobs reopened = new Jobs(jobsDir, index, Clock.systemUTC())) {
        assertThat(reopened.get("abc123").orElseThrow().state()).isEqualTo(JobState.FAILED);
      }
    }
  }

  /**
   * Jobs saved before a job had a total or a step (an upgrade) are read, and an import interrupted
   * keeps its work.
   */
  @Test
  void jobs_saved_by_an_earlier_version_are_read_and_an_interrupted_import_keeps_its_tickets()
      throws Exception {
    Path jobsDir = Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(
        jobsDir.resolve("jobs.json"),
        """
        [{"id": "old1", "kind": "replace-history", "tenant": "acme", "state": "succeeded", "phase": "done",
          "createdAt": "2026-11-24T00:00:00Z", "startedAt": "2026-11-24T00:00:01Z",
          "finishedAt": "2026-11-24T00:01:00Z", "imported": 8, "rowsRead": 9, "skipped": 1, "bytesRead": 100,
          "bytesTotal": 100, "ticketsPerSecond": 0.1, "etaSeconds": null, "error": null, "skippedRows": []},
         {"id": "imp1", "kind": "import-history", "tenant": "acme", "state": "running", "phase": "importing",
          "step": null, "createdAt": "2026-11-24T00:00:00Z", "startedAt": "2026-11-24T00:00:01Z",
          "finishedAt": null, "imported": 500, "rowsRead": 600, "rowsTotal": 2000, "skipped": 0, "bytesRead": 100,
          "bytesTotal": 400, "ticketsPerSecond": 50.0, "etaSeconds": 30, "error": null, "skippedRows": []}]
        """);
    try (VectorIndex index = LuceneVectorIndex.builder(dir.resolve("index"), DIM).build();
        Jobs jobs = new Jobs(jobsDir, index, Clock.systemUTC())) {
      JobView old = jobs.get("old1").orElseThrow();
      assertThat(old.rowsTotal()).isNull();
      assertThat(old.rowsRead()).isEqualTo(9);

      JobView interrupted = jobs.get("imp1").orElseThrow();
      assertThat(interrupted.state()).isEqualTo(JobState.FAILED);
      assertThat(interrupted.rowsTotal()).isEqualTo(2000);
      assertThat(interrupted.error()).contains("restart").contains("stay in the tenant");
    }
  }
}
