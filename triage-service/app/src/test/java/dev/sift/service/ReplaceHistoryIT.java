package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sift.service.Http.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Rebuilding a tenant from a new export as a job: swapped in only when complete, untouched on cancel or failure. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ReplaceHistoryIT {

  @TempDir
  static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("sift.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort
  int port;

  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  private static byte[] csv(String prefix, int rows, boolean withBadRow) {
    StringBuilder out = new StringBuilder("id,subject,category\n");
    for (int i = 0; i < rows; i++) {
      out.append(prefix).append(i).append(",\"").append(i % 2 == 0 ? "VPN drops at home " : "Printer jams on floor ")
          .append(i).append("\",").append(i % 2 == 0 ? "Network" : "Hardware").append('\n');
    }
    if (withBadRow) {
      out.append(",no id here,Network\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void importAppend(String tenant, byte[] content) {
    Reply reply = http.multipart("/v1/tenants/" + tenant + "/history", "h.csv", content, Map.of());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  private JsonNode awaitJob(String id) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
        !http.get("/v1/jobs/" + id).json().path("state").asString().matches("queued|running"));
    return http.get("/v1/jobs/" + id).json();
  }

  @Test
  void aReplaceRebuildsTheTenantFromTheNewFileAloneAndReportsTheJob() {
    importAppend("rp-swap", csv("old-", 6, false));

    Reply accepted = http.multipart("/v1/tenants/rp-swap/history?mode=replace", "h.csv", csv("new-", 8, true),
        Map.of());

    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String id = accepted.json().path("id").asString();
    assertThat(accepted.header("Location")).isEqualTo("/v1/jobs/" + id);
    JsonNode job = awaitJob(id);
    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("succeeded");
    assertThat(job.path("phase").asString()).isEqualTo("done");
    assertThat(job.path("imported").asLong()).isEqualTo(8);
    assertThat(job.path("skipped").asLong()).isEqualTo(1);
    assertThat(job.path("skippedRows").get(0).path("line").asLong()).isEqualTo(10);
    assertThat(job.path("bytesRead").asLong()).isEqualTo(job.path("bytesTotal").asLong()).isPositive();
    assertThat(http.get("/v1/tenants/rp-swap/tickets/new-7").status()).isEqualTo(200);
    assertThat(http.get("/v1/tenants/rp-swap/tickets/old-0").status()).isEqualTo(404);
    assertThat(http.get("/v1/tenants/rp-swap/stats").json().toString()).contains("8");
    assertThat(http.get("/v1/jobs").json().path("jobs").toString()).contains(id);
  }

  @Test
  void theModelsEndpointListsEachTenantsModelAndAReembedJobRebuildsOne() {
    importAppend("rp-model", csv("m-", 6, false));

    JsonNode models = http.get("/v1/admin/models").json();
    assertThat(models.path("configured").asString()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(models.path("tenants").path("rp-model").asString()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(models.path("needReembed").toString()).doesNotContain("rp-model");

    Reply accepted = http.postJson("/v1/admin/reembed?tenant=rp-model", Map.of());
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    JsonNode job = awaitJob(accepted.json().path("id").asString());

    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("succeeded");
    assertThat(job.path("kind").asString()).isEqualTo("reembed");
    assertThat(http.get("/v1/tenants/rp-model/tickets/m-5").status()).isEqualTo(200);
    assertThat(http.postJson("/v1/tenants/rp-model/triage", Map.of("subject", "VPN drops at home")).json()
        .path("neighbours").size()).isPositive();
    http.postJson("/v1/admin/reembed?tenant=nobody", Map.of()).assertProblem(400, "invalid-parameter",
        "/v1/admin/reembed");
    assertThat(http.withKey("sift_not-an-admin-key").postJson("/v1/admin/reembed", Map.of()).status())
        .isEqualTo(401);
  }

  @Test
  void aFileWithNothingImportableFailsTheJobAndLeavesTheTenantAsItWas() {
    importAppend("rp-empty", csv("old-", 4, false));

    Reply accepted = http.multipart("/v1/tenants/rp-empty/history?mode=replace", "h.csv",
        "id,subject\n,\n".getBytes(StandardCharsets.UTF_8), Map.of());
    JsonNode job = awaitJob(accepted.json().path("id").asString());

    assertThat(job.path("state").asString()).isEqualTo("failed");
    assertThat(job.path("error").asString()).contains("left as it was");
    assertThat(http.get("/v1/tenants/rp-empty/tickets/old-3").status()).isEqualTo(200);
  }

  @Test
  void aCancelledReplaceLeavesTheTenantOnItsPreviousIndex() {
    importAppend("rp-cancel", csv("old-", 4, false));

    Reply accepted = http.multipart("/v1/tenants/rp-cancel/history?mode=replace", "h.csv", csv("new-", 3000, false),
        Map.of());
    String id = accepted.json().path("id").asString();
    Reply cancel = http.delete("/v1/jobs/" + id);
    JsonNode job = awaitJob(id);

    assertThat(cancel.status()).isEqualTo(200);
    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("cancelled");
    assertThat(http.get("/v1/tenants/rp-cancel/tickets/old-0").status()).isEqualTo(200);
    assertThat(http.get("/v1/tenants/rp-cancel/tickets/new-0").status()).isEqualTo(404);
  }

  /** The bug this guards: the re-embed swapped its copy in after the delete, and the tenant was back whole. */
  @Test
  void a_tenant_deleted_while_a_reembed_job_runs_on_it_stays_deleted() {
    importAppend("rp-erase", csv("e-", 600, false));

    String id = http.postJson("/v1/admin/reembed?tenant=rp-erase", Map.of()).json().path("id").asString();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
        http.get("/v1/jobs/" + id).json().path("phase").asString().startsWith("reembedding"));
    assertThat(http.delete("/v1/admin/tenants/rp-erase").status()).isEqualTo(204);
    JsonNode job = awaitJob(id);

    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("cancelled");
    assertThat(job.path("error").asString()).as(job.toString()).contains("deleted while the job ran");
    http.get("/v1/tenants/rp-erase/stats").assertProblem(404, "unknown-tenant", "/v1/tenants/rp-erase/stats");
    assertThat(http.get("/v1/tenants/rp-erase/tickets/e-0").status()).isEqualTo(404);
    assertThat(http.get("/v1/admin/tenants").json().path("tenants").toString()).doesNotContain("rp-erase");
  }

  @Test
  void unknownJobsAndModesAreProblems() {
    http.get("/v1/jobs/nope").assertProblem(404, "unknown-job", "/v1/jobs/nope");
    http.multipart("/v1/tenants/rp-x/history?mode=overwrite", "h.csv", csv("a", 1, false), Map.of())
        .assertProblem(400, "invalid-parameter", "/v1/tenants/rp-x/history");
  }
}
