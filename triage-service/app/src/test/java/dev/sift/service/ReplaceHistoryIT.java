package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sift.service.Http.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * History imports as jobs: an append answers at once and reports its progress against a total
 * counted up front; a replace rebuilds the tenant from a new export, swapped in only when complete,
 * untouched on cancel or failure.
 */
class ReplaceHistoryIT extends RunningService {

  private static byte[] csv(String prefix, int rows, boolean withBadRow) {
    StringBuilder out = new StringBuilder("id,subject,category\n");
    for (int i = 0; i < rows; i++) {
      out.append(prefix)
          .append(i)
          .append(",\"")
          .append(i % 2 == 0 ? "VPN drops at home " : "Printer jams on floor ")
          .append(i)
          .append("\",")
          .append(i % 2 == 0 ? "Network" : "Hardware")
          .append('\n');
    }
    if (withBadRow) {
      out.append(",no id here,Network\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void importAppend(String tenant, byte[] content) {
    JsonNode job =
        http.importHistory("/v1/tenants/" + tenant + "/history", "h.csv", content, Map.of());
    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("succeeded");
  }

  private JsonNode awaitJob(String id) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                !http.get("/v1/jobs/" + id)
                    .json()
                    .path("state")
                    .asString()
                    .matches("queued|running"));
    return http.get("/v1/jobs/" + id).json();
  }

  /** Three batches of 500 or fewer: the polls see it between them. */
  private static final int APPEND_ROWS = 1_200;

  /**
   * The 202 comes once the upload is spooled and its head checked, long before the tickets are
   * embedded.
   */
  private static final Duration ACCEPTED_WITHIN = Duration.ofSeconds(5);

  /**
   * The bug this guards: an append import held the connection until the last ticket was stored and
   * calibrated.
   */
  @Test
  void
      an_append_import_is_accepted_at_once_and_its_job_counts_rows_read_of_a_total_known_from_the_start() {
    long start = System.nanoTime();
    Reply accepted =
        http.multipart(
            "/v1/tenants/ap-progress/history", "h.csv", csv("a-", APPEND_ROWS, false), Map.of());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    assertThat(took).isLessThan(ACCEPTED_WITHIN);
    String id = accepted.json().path("id").asString();
    assertThat(accepted.header("Location")).isEqualTo("/v1/jobs/" + id);
    assertThat(accepted.json().path("kind").asString()).isEqualTo("import-history");
    assertThat(accepted.json().path("state").asString()).isIn("queued", "running");

    List<JsonNode> seen = new ArrayList<>();
    await()
        .atMost(Http.IMPORT_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              JsonNode job = http.get("/v1/jobs/" + id).json();
              seen.add(job);
              return !job.path("state").asString().matches("queued|running");
            });
    JsonNode done = seen.getLast();
    assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("succeeded");
    assertThat(done.path("rowsRead").asLong()).isEqualTo(APPEND_ROWS);
    assertThat(done.path("rowsTotal").asLong()).isEqualTo(APPEND_ROWS);
    assertThat(done.path("imported").asLong()).isEqualTo(APPEND_ROWS);
    List<JsonNode> importing =
        seen.stream().filter(j -> j.path("phase").asString().equals("importing")).toList();
    assertThat(importing)
        .as("polls while importing")
        .isNotEmpty()
        .allSatisfy(
            j ->
                assertThat(j.path("rowsTotal").asLong())
                    .as("total, known before the first ticket")
                    .isEqualTo(APPEND_ROWS));
    assertThat(importing)
        .as("a poll mid-way, with rows read and an ETA")
        .anySatisfy(
            j -> {
              assertThat(j.path("rowsRead").asLong()).isPositive().isLessThan(APPEND_ROWS);
              assertThat(j.path("etaSeconds").isNumber()).as(j.toString()).isTrue();
            });
    assertThat(seen.stream().mapToLong(j -> j.path("rowsRead").asLong()).toArray())
        .as("rows read never go back")
        .isSorted();
    assertThat(seen)
        .as("a poll while calibrating names the refit's step and its count")
        .anySatisfy(
            j -> assertThat(j.path("step").asString()).matches("[1-4]/4 [a-z -]+ \\d+/\\d+"));
    assertThat(http.get("/v1/tenants/ap-progress/tickets/a-0").status()).isEqualTo(200);
    assertThat(http.get("/v1/tenants/ap-progress/tickets/a-" + (APPEND_ROWS - 1)).status())
        .isEqualTo(200);
    assertThat(http.get("/v1/tenants/ap-progress/stats").json().path("tickets").asLong())
        .isEqualTo(APPEND_ROWS);
  }

  @Test
  void a_cancelled_append_import_stops_and_keeps_what_it_stored() {
    Reply accepted =
        http.multipart("/v1/tenants/ap-cancel/history", "h.csv", csv("c-", 3000, false), Map.of());
    String id = accepted.json().path("id").asString();
    assertThat(http.delete("/v1/jobs/" + id).status()).isEqualTo(200);
    JsonNode job = awaitJob(id);

    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("cancelled");
    assertThat(job.path("error").asString()).contains("stay in the tenant");
    assertThat(job.path("imported").asLong()).isLessThan(3000);
    assertThat(http.get("/v1/tenants/ap-cancel/tickets/c-2999").status()).isEqualTo(404);
  }

  @Test
  void a_replace_rebuilds_the_tenant_from_the_new_file_alone_and_reports_the_job() {
    importAppend("rp-swap", csv("old-", 6, false));

    Reply accepted =
        http.multipart(
            "/v1/tenants/rp-swap/history?mode=replace", "h.csv", csv("new-", 8, true), Map.of());

    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String id = accepted.json().path("id").asString();
    assertThat(accepted.header("Location")).isEqualTo("/v1/jobs/" + id);
    JsonNode job = awaitJob(id);
    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("succeeded");
    assertThat(job.path("phase").asString()).isEqualTo("done");
    assertThat(job.path("imported").asLong()).isEqualTo(8);
    assertThat(job.path("skipped").asLong()).isEqualTo(1);
    assertThat(job.path("skippedRows").get(0).path("line").asLong()).isEqualTo(10);
    assertThat(job.path("bytesRead").asLong())
        .isEqualTo(job.path("bytesTotal").asLong())
        .isPositive();
    assertThat(http.get("/v1/tenants/rp-swap/tickets/new-7").status()).isEqualTo(200);
    assertThat(http.get("/v1/tenants/rp-swap/tickets/old-0").status()).isEqualTo(404);
    assertThat(http.get("/v1/tenants/rp-swap/stats").json().toString()).contains("8");
    assertThat(http.get("/v1/jobs").json().path("jobs").toString()).contains(id);
  }

  @Test
  void the_models_endpoint_lists_each_tenants_model_and_a_reembed_job_rebuilds_one() {
    importAppend("rp-model", csv("m-", 6, false));

    JsonNode models = http.get("/v1/admin/models").json();
    assertThat(models.path("configured").asString()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(models.path("tenants").path("rp-model").asString()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(models.path("needReembed").toString()).doesNotContain("rp-model");

    Reply accepted = http.postJson("/v1/admin/reembed?tenant=rp-model", Map.of());
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.json().path("rowsTotal").asLong())
        .as("the tickets to re-embed, known at once")
        .isEqualTo(6);
    JsonNode job = awaitJob(accepted.json().path("id").asString());

    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("succeeded");
    assertThat(job.path("kind").asString()).isEqualTo("reembed");
    assertThat(job.path("rowsRead").asLong()).isEqualTo(6);
    assertThat(job.path("rowsTotal").asLong()).isEqualTo(6);
    assertThat(http.get("/v1/tenants/rp-model/tickets/m-5").status()).isEqualTo(200);
    assertThat(
            http.postJson("/v1/tenants/rp-model/triage", Map.of("subject", "VPN drops at home"))
                .json()
                .path("neighbours")
                .size())
        .isPositive();
    http.postJson("/v1/admin/reembed?tenant=nobody", Map.of())
        .assertProblem(400, "invalid-parameter", "/v1/admin/reembed");
    assertThat(
            http.withKey("sift_not-an-admin-key").postJson("/v1/admin/reembed", Map.of()).status())
        .isEqualTo(401);
  }

  @Test
  void a_file_with_nothing_importable_fails_the_job_and_leaves_the_tenant_as_it_was() {
    importAppend("rp-empty", csv("old-", 4, false));

    Reply accepted =
        http.multipart(
            "/v1/tenants/rp-empty/history?mode=replace",
            "h.csv",
            "id,subject\n,\n".getBytes(StandardCharsets.UTF_8),
            Map.of());
    JsonNode job = awaitJob(accepted.json().path("id").asString());

    assertThat(job.path("state").asString()).isEqualTo("failed");
    assertThat(job.path("error").asString()).contains("left as it was");
    assertThat(http.get("/v1/tenants/rp-empty/tickets/old-3").status()).isEqualTo(200);
  }

  @Test
  void a_cancelled_replace_leaves_the_tenant_on_its_previous_index() {
    importAppend("rp-cancel", csv("old-", 4, false));

    Reply accepted =
        http.multipart(
            "/v1/tenants/rp-cancel/history?mode=replace",
            "h.csv",
            csv("new-", 3000, false),
            Map.of());
    String id = accepted.json().path("id").asString();
    Reply cancel = http.delete("/v1/jobs/" + id);
    JsonNode job = awaitJob(id);

    assertThat(cancel.status()).isEqualTo(200);
    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("cancelled");
    assertThat(http.get("/v1/tenants/rp-cancel/tickets/old-0").status()).isEqualTo(200);
    assertThat(http.get("/v1/tenants/rp-cancel/tickets/new-0").status()).isEqualTo(404);
  }

  /**
   * The bug this guards: the re-embed swapped its copy in after the delete, and the tenant was back
   * whole.
   */
  @Test
  void a_tenant_deleted_while_a_reembed_job_runs_on_it_stays_deleted() {
    importAppend("rp-erase", csv("e-", 600, false));

    String id =
        http.postJson("/v1/admin/reembed?tenant=rp-erase", Map.of()).json().path("id").asString();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                http.get("/v1/jobs/" + id)
                    .json()
                    .path("phase")
                    .asString()
                    .startsWith("reembedding"));
    assertThat(http.delete("/v1/admin/tenants/rp-erase").status()).isEqualTo(204);
    JsonNode job = awaitJob(id);

    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("cancelled");
    assertThat(job.path("error").asString())
        .as(job.toString())
        .contains("deleted while the job ran");
    http.get("/v1/tenants/rp-erase/stats")
        .assertProblem(404, "unknown-tenant", "/v1/tenants/rp-erase/stats");
    assertThat(http.get("/v1/tenants/rp-erase/tickets/e-0").status()).isEqualTo(404);
    assertThat(http.get("/v1/admin/tenants").json().path("tenants").toString())
        .doesNotContain("rp-erase");
  }

  @Test
  void unknown_jobs_and_modes_are_problems() {
    http.get("/v1/jobs/nope").assertProblem(404, "unknown-job", "/v1/jobs/nope");
    http.multipart("/v1/tenants/rp-x/history?mode=overwrite", "h.csv", csv("a", 1, false), Map.of())
        .assertProblem(400, "invalid-parameter", "/v1/tenants/rp-x/history");
  }
}
