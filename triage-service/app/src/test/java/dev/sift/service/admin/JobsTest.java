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

  @TempDir
  Path dir;

  @Test
  void aJobRunningWhenTheProcessStoppedIsReportedFailedAndItsStagingIndexDropped() throws Exception {
    Path jobsDir = Files.createDirectories(dir.resolve("jobs"));
    JobView running = new JobView("abc123", "replace-history", "acme", "running", "importing", null,
        Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-24T00:00:01Z"), null, 500, 0, null, 0, 100,
        1000, 50.0, 9L, null, List.of());
    Files.write(jobsDir.resolve("jobs.json"), JsonMapper.builder().build().writeValueAsBytes(List.of(running)));
    Files.writeString(jobsDir.resolve("abc123.upload"), "id,subject\n1,x\n");
    try (VectorIndex index = LuceneVectorIndex.builder(dir.resolve("index"), DIM).build()) {
      index.upsert("acme", "live", new float[] {1, 0, 0, 0}, new Payload("live", Map.of()));
      index.upsert(TenantNames.staging("acme", "abc123"), "half", new float[] {1, 0, 0, 0},
          new Payload("half", Map.of()));

      try (Jobs jobs = new Jobs(jobsDir, index, Clock.systemUTC())) {
        JobView job = jobs.get("abc123").orElseThrow();

        assertThat(job.state()).isEqualTo("failed");
        assertThat(job.error()).contains("restart");
        assertThat(index.count(TenantNames.staging("acme", "abc123"))).isZero();
        assertThat(index.get("acme", "live")).isPresent();
        assertThat(Files.exists(jobsDir.resolve("abc123.upload"))).isFalse();
      }
      try (Jobs reopened = new Jobs(jobsDir, index, Clock.systemUTC())) {
        assertThat(reopened.get("abc123").orElseThrow().state()).isEqualTo("failed");
      }
    }
  }
}
