package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sift.data.ColumnMapping;
import dev.sift.data.TicketReader;
import dev.sift.engine.EngineSettings;
import dev.sift.service.Http.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The service over real HTTP, with the real ONNX model and a real Lucene index in a temporary
 * directory. One Spring context serves every test (the model takes seconds to load); tests use
 * their own tenants, so their order does not matter. The demo tenant is loaded at start-up, as
 * {@code sift.demo.enabled} does in production.
 */
@TestPropertySource(
    properties = {
      "sift.demo.enabled=true",
      "sift.limits.max-batch-size=5",
      "sift.limits.max-history-bytes=1MB"
    })
class SiftServiceIT extends RunningService {

  private static final String VPN_TICKET =
      """
      {"subject": "VPN connects but network drives are missing",
       "body": "Since this morning my mapped drives show a red cross when I work from home."}""";

  /** The suggested value, or when the field abstained the value it would have suggested. */
  private static String bestGuess(JsonNode suggestion) {
    return suggestion.path("abstained").asBoolean()
        ? suggestion.path("alternatives").get(0).path("value").asString()
        : suggestion.path("value").asString();
  }

  private static long demoTicketCount() {
    try (InputStream in = new ClassPathResource("demo/tickets.csv").getInputStream()) {
      return TicketReader.builder()
          .mapping(ColumnMapping.identity())
          .build()
          .read(in, t -> {})
          .imported();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<String> outOfRangeK() {
    return Stream.of("0", "-1", Integer.toString(EngineSettings.DEFAULTS.maxK() + 1), "abc");
  }

  // --- triage
  // -------------------------------------------------------------------------------------------------

  @Test
  void demo_tenant_loads_and_triage_answers_with_the_contract_fields() {
    Reply reply = http.postJson("/v1/tenants/demo/triage", VPN_TICKET);

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    JsonNode result = reply.json();
    assertThat(result.path("tenant").asString()).isEqualTo("demo");
    assertThat(result.path("modelVersion").asString()).contains("all-minilm-l6-v2-q");
    assertThat(result.has("tookMs")).isTrue();
    assertThat(result.path("tookMs").asLong()).isNotNegative();

    JsonNode suggestions = result.path("suggestions");
    assertThat(suggestions.propertyNames()).contains("category", "priority", "assignmentGroup");
    for (JsonNode suggestion : suggestions) {
      assertThat(suggestion.has("value")).isTrue();
      assertThat(suggestion.path("confidence").isNumber()).isTrue();
      assertThat(suggestion.path("abstained").isBoolean()).isTrue();
      assertThat(suggestion.path("alternatives").isArray()).isTrue();
      if (suggestion.path("abstained").asBoolean()) {
        assertThat(suggestion.path("value").isNull()).isTrue();
      }
    }
    assertThat(bestGuess(suggestions.path("category"))).isEqualTo("Network");

    JsonNode eta = result.path("eta");
    assertThat(eta.path("p50Minutes").asLong()).isPositive();
    assertThat(eta.path("p90Minutes").asLong())
        .isGreaterThanOrEqualTo(eta.path("p50Minutes").asLong());
    assertThat(eta.path("method").asString()).isIn("neighbours", "group", "median", "blend");

    JsonNode neighbours = result.path("neighbours");
    assertThat(neighbours.size()).isEqualTo(EngineSettings.DEFAULTS.k()); // sift.triage.k is unset
    JsonNode first = neighbours.get(0);
    assertThat(first.path("ticketId").asString()).startsWith("ACME-");
    assertThat(first.path("similarity").asDouble()).isBetween(0.3, 1.0);
    assertThat(first.path("subject").asString()).isNotBlank();
  }

  @Test
  void the_documented_demo_key_triages_the_demo_tenant() {
    Reply reply = http.withKey("sift-demo-key").postJson("/v1/tenants/demo/triage", VPN_TICKET);

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().path("tenant").asString()).isEqualTo("demo");
  }

  @Test
  void k_within_bounds_sets_how_many_neighbours_vote() {
    Reply reply = http.postJson("/v1/tenants/demo/triage?k=2", VPN_TICKET);

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().path("neighbours").size()).isEqualTo(2);
  }

  @Test
  void triage_of_an_unknown_tenant_is_a_404_problem() {
    JsonNode problem =
        http.postJson("/v1/tenants/nobody-here/triage", VPN_TICKET)
            .assertProblem(404, "unknown-tenant", "/v1/tenants/nobody-here/triage");

    assertThat(problem.path("title").asString()).isEqualTo("Unknown tenant");
    assertThat(problem.path("tenant").asString()).isEqualTo("nobody-here");
  }

  @Test
  void triage_without_subject_or_body_is_a_400_problem() {
    http.postJson("/v1/tenants/demo/triage", "{\"subject\": \"  \", \"body\": \"\"}")
        .assertProblem(400, "invalid-ticket", "/v1/tenants/demo/triage");
    http.postJson("/v1/tenants/demo/triage", "{\"requester\": \"joanna.krol\"}")
        .assertProblem(400, "invalid-ticket", "/v1/tenants/demo/triage");
  }

  @Test
  void triage_with_invalid_json_is_a_400_problem() {
    http.postJson("/v1/tenants/demo/triage", "{\"subject\": \"VPN down\"")
        .assertProblem(400, "malformed-body", "/v1/tenants/demo/triage");
    http.postJson("/v1/tenants/demo/triage", "")
        .assertProblem(400, "malformed-body", "/v1/tenants/demo/triage");
    JsonNode problem =
        http.postJson(
                "/v1/tenants/demo/triage", "{\"subject\": \"VPN\", \"createdAt\": \"monday\"}")
            .assertProblem(400, "malformed-body", "/v1/tenants/demo/triage");
    assertThat(problem.path("field").asString()).isEqualTo("createdAt");
  }

  @Test
  void triage_body_over_the_limit_is_a_413_problem() {
    String body = "{\"subject\": \"VPN\", \"body\": \"" + "x".repeat(70_000) + "\"}";

    JsonNode problem =
        http.postJson("/v1/tenants/demo/triage", body)
            .assertProblem(413, "payload-too-large", "/v1/tenants/demo/triage");
    assertThat(problem.path("maxBytes").asLong()).isEqualTo(65_536);
  }

  @Test
  void chunked_triage_body_over_the_limit_is_a_413_problem() {
    byte[] body =
        ("{\"subject\": \"VPN\", \"body\": \"" + "x".repeat(70_000) + "\"}")
            .getBytes(StandardCharsets.UTF_8);

    http.postChunked("/v1/tenants/demo/triage", "application/json", body)
        .assertProblem(413, "payload-too-large", "/v1/tenants/demo/triage");
  }

  @Test
  void triage_with_a_wrong_content_type_is_a_415_problem() {
    http.post("/v1/tenants/demo/triage", "text/plain", VPN_TICKET)
        .assertProblem(415, "unsupported-media-type", "/v1/tenants/demo/triage");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ACME",
        "acme_corp",
        "a.b",
        "a234567890123456789012345678901234567890123456789012345678901234"
      })
  void tenantNamesOutsideThePatternAreA400Problem(String tenant) {
    String path = "/v1/tenants/" + tenant + "/triage";
    http.postJson(path, VPN_TICKET).assertProblem(400, "invalid-tenant", path);
    http.get("/v1/tenants/" + tenant + "/stats")
        .assertProblem(400, "invalid-tenant", "/v1/tenants/" + tenant + "/stats");
  }

  @ParameterizedTest
  @MethodSource("outOfRangeK")
  void k_outside_one_to_max_k_is_a_400_problem(String k) {
    JsonNode problem =
        http.postJson("/v1/tenants/demo/triage?k=" + k, VPN_TICKET)
            .assertProblem(400, "invalid-parameter", "/v1/tenants/demo/triage");

    assertThat(problem.path("parameter").asString()).isEqualTo("k");
  }

  // --- tickets
  // ------------------------------------------------------------------------------------------------

  @Test
  void upserted_ticket_is_a_neighbour_in_triage() {
    Reply created =
        http.postJson(
            "/v1/tenants/upsert-co/tickets",
            Map.of(
                "id",
                "UP-1",
                "subject",
                "Forklift scanner shows error E42 at dock 7",
                "body",
                "Handheld scanner on forklift 12 beeps and shows E42 whenever we scan pallets at dock 7.",
                "category",
                "Warehouse/WMS",
                "priority",
                "P2",
                "createdAt",
                "2026-05-04T08:00:00Z",
                "resolvedAt",
                "2026-05-04T09:30:00Z"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("upserted").asInt()).isEqualTo(1);

    Reply updated =
        http.postJson(
            "/v1/tenants/upsert-co/tickets",
            List.of(
                Map.of(
                    "id",
                    "UP-2",
                    "subject",
                    "Password expired",
                    "body",
                    "Cannot log in, password expired."),
                Map.of(
                    "id",
                    "UP-3",
                    "subject",
                    "Teams meeting room display dark",
                    "category",
                    "Facilities/AV")));
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().path("upserted").asInt()).isEqualTo(2);

    Reply triage =
        http.postJson(
            "/v1/tenants/upsert-co/triage",
            "{\"subject\": \"scanner error E42 on the forklift at dock 7\"}");
    assertThat(triage.status()).as(triage.body()).isEqualTo(200);
    JsonNode nearest = triage.json().path("neighbours").get(0);
    assertThat(nearest.path("ticketId").asString()).isEqualTo("UP-1");
    assertThat(nearest.path("category").asString()).isEqualTo("Warehouse/WMS");
    assertThat(nearest.path("resolutionMinutes").asLong()).isEqualTo(90);
  }

  @Test
  void invalid_ticket_in_a_batch_is_a_400_problem_naming_its_index() {
    String path = "/v1/tenants/batch-co/tickets";
    JsonNode noId =
        http.postJson(path, "[{\"id\": \"B-1\", \"subject\": \"ok\"}, {\"subject\": \"no id\"}]")
            .assertProblem(400, "invalid-ticket", path);
    assertThat(noId.path("index").asInt()).isEqualTo(1);
    assertThat(noId.path("detail").asString()).contains("index 1");

    JsonNode noText =
        http.postJson(
                path,
                "[{\"id\": \"B-1\", \"subject\": \"ok\"}, {\"id\": \"B-2\", \"subject\": \"ok\"},"
                    + " {\"id\": \"B-3\", \"category\": \"Email\"}]")
            .assertProblem(400, "invalid-ticket", path);
    assertThat(noText.path("index").asInt()).isEqualTo(2);

    JsonNode badDate =
        http.postJson(path, "{\"id\": \"B-1\", \"subject\": \"ok\", \"createdAt\": \"yesterday\"}")
            .assertProblem(400, "invalid-ticket", path);
    assertThat(badDate.path("index").asInt()).isZero();
    assertThat(badDate.path("detail").asString()).contains("createdAt");

    // nothing of a rejected batch is stored
    http.postJson("/v1/tenants/batch-co/triage", "{\"subject\": \"ok\"}")
        .assertProblem(404, "unknown-tenant", "/v1/tenants/batch-co/triage");
  }

  @Test
  void batch_over_max_batch_size_is_a_413_problem() {
    List<Map<String, String>> tickets = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tickets.add(Map.of("id", "BIG-" + i, "subject", "ticket " + i));
    }

    JsonNode problem =
        http.postJson("/v1/tenants/big-co/tickets", tickets)
            .assertProblem(413, "batch-too-large", "/v1/tenants/big-co/tickets");
    assertThat(problem.path("maxBatchSize").asInt()).isEqualTo(5);
  }

  @Test
  void deleted_ticket_is_gone_and_deleting_it_again_is_a_404_problem() {
    http.postJson(
        "/v1/tenants/delete-co/tickets",
        List.of(
            Map.of(
                "id",
                "D-1",
                "subject",
                "Laptop battery swollen",
                "body",
                "The battery bulges and the lid won't close."),
            Map.of(
                "id",
                "D-2",
                "subject",
                "Printer out of toner",
                "body",
                "Floor 2 printer says toner empty.")));

    Reply deleted = http.delete("/v1/tenants/delete-co/tickets/D-1");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();

    Reply triage =
        http.postJson("/v1/tenants/delete-co/triage", "{\"subject\": \"laptop battery swollen\"}");
    assertThat(triage.json().path("neighbours").findValuesAsString("ticketId"))
        .containsExactly("D-2");

    JsonNode again =
        http.delete("/v1/tenants/delete-co/tickets/D-1")
            .assertProblem(404, "unknown-ticket", "/v1/tenants/delete-co/tickets/D-1");
    assertThat(again.path("ticketId").asString()).isEqualTo("D-1");
    http.delete("/v1/tenants/no-such-co/tickets/D-1")
        .assertProblem(404, "unknown-tenant", "/v1/tenants/no-such-co/tickets/D-1");
  }

  // --- admin
  // --------------------------------------------------------------------------------------------------

  @Test
  void stats_report_tickets_labels_calibration_and_model_version() {
    Reply reply = http.get("/v1/tenants/demo/stats");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode stats = reply.json();
    assertThat(stats.path("tenant").asString()).isEqualTo("demo");
    long tickets = demoTicketCount();
    assertThat(stats.path("tickets").asLong()).isEqualTo(tickets);
    assertThat(stats.path("indexSizeBytes").asLong()).isPositive();
    JsonNode category = stats.path("fields").path("category");
    assertThat(category.path("distinctValues").asInt())
        .isEqualTo(category.path("labels").size())
        .isPositive();
    assertThat(category.path("labels").path("Network").asLong()).isPositive();
    long total = 0;
    for (JsonNode count : category.path("labels")) {
      total += count.asLong();
    }
    assertThat(total).isPositive().isLessThanOrEqualTo(tickets);
    JsonNode calibration = stats.path("calibration").path("category");
    assertThat(calibration.path("threshold").isNumber()).isTrue();
    assertThat(calibration.path("backtest").path("samples").asInt()).isPositive();
    assertThat(calibration.path("backtest").path("accuracy").asDouble()).isBetween(0.0, 1.0);
    JsonNode eta = stats.path("eta");
    assertThat(eta.path("method").asString()).isIn("neighbours", "group", "median", "blend");
    JsonNode chosen = eta.path("backtest").path(eta.path("method").asString());
    assertThat(chosen.path("p90Coverage").asDouble()).isBetween(0.0, 1.0);
    assertThat(chosen.path("p90WidthHours").asDouble()).isPositive();
    for (JsonNode estimator : eta.path("backtest")) {
      assertThat(chosen.path("maeLogHours").asDouble())
          .isLessThanOrEqualTo(estimator.path("maeLogHours").asDouble());
    }
    assertThat(stats.path("modelVersion").asString()).contains("all-minilm-l6-v2-q");
  }

  @Test
  void stats_of_an_unknown_tenant_is_a_404_problem() {
    http.get("/v1/tenants/nobody-here/stats")
        .assertProblem(404, "unknown-tenant", "/v1/tenants/nobody-here/stats");
  }

  @Test
  void history_upload_reports_imported_and_skipped_rows_with_line_numbers() {
    String csv =
        """
        id,subject,body,category,priority,createdAt,resolvedAt
        H-1,Outlook keeps asking for password,Prompt appears every few minutes,Email,P3,2026-05-01T08:00:00Z,2026-05-01T09:00:00Z
        H-2,,,Email,P3,2026-05-01T08:00:00Z,
        H-3,Wi-Fi drops in meeting room,"Connection drops
        every ten minutes",Network,P3,2026-05-02T10:00:00Z,2026-05-02T12:00:00Z
        H-4,Badge reader broken,Door 3 reader is dead,Facilities/AV,P2,not a date,
        H-5,SAP transaction VA01 error,Error when creating order,ERP/SAP,P2,2026-05-03T07:00:00Z,2026-05-02T07:00:00Z
        """;

    JsonNode report =
        http.importHistory(
            "/v1/tenants/history-co/history",
            "export.csv",
            csv.getBytes(StandardCharsets.UTF_8),
            Map.of());

    assertThat(report.path("state").asString()).as(report.toString()).isEqualTo("succeeded");
    assertThat(report.path("kind").asString()).isEqualTo("import-history");
    assertThat(report.path("rowsRead").asLong()).isEqualTo(5);
    assertThat(report.path("rowsTotal").asLong()).isEqualTo(5);
    assertThat(report.path("imported").asLong()).isEqualTo(2);
    assertThat(report.path("skipped").asLong()).isEqualTo(3);
    assertThat(report.path("finishedAt").asString()).isNotBlank();
    assertThat(report.path("ticketsPerSecond").isNumber()).isTrue();
    JsonNode skipped = report.path("skippedRows");
    assertThat(skipped.findValues("line")).extracting(JsonNode::asLong).containsExactly(3L, 6L, 7L);
    assertThat(skipped.get(0).path("reason").asString()).contains("no subject and no body");
    assertThat(skipped.get(1).path("reason").asString()).contains("createdAt");
    assertThat(skipped.get(2).path("reason").asString()).contains("before createdAt");

    JsonNode stats = http.get("/v1/tenants/history-co/stats").json();
    assertThat(stats.path("tickets").asLong()).isEqualTo(2);
    assertThat(stats.path("fields").path("category").path("labels").propertyNames())
        .containsExactlyInAnyOrder("Email", "Network");
  }

  @Test
  void history_upload_maps_columns_and_parses_custom_dates() {
    String csv =
        """
        Number,Short description,Description,Assignment group,Opened,Resolved
        INC001,Monitor flickers,Second screen flickers on docking station,End User Computing,01/May/26 09:30,01/May/26 11:00
        INC002,Cannot open SAP,SAP GUI crashes at start,ERP Support,02/May/26 14:00,02/May/26 14:45
        """;

    JsonNode job =
        http.importHistory(
            "/v1/tenants/mapped-co/history",
            "incidents.csv",
            csv.getBytes(StandardCharsets.UTF_8),
            Map.of(
                "mapping",
                "id=Number,subject=Short description,body=Description,assignmentGroup=Assignment group,"
                    + "createdAt=Opened,resolvedAt=Resolved",
                "dateFormat",
                "dd/MMM/yy HH:mm"));

    assertThat(job.path("imported").asLong()).as(job.toString()).isEqualTo(2);
    assertThat(job.path("skipped").asLong()).isZero();
    JsonNode nearest =
        http.postJson("/v1/tenants/mapped-co/triage", "{\"subject\": \"screen flickering\"}")
            .json()
            .path("neighbours")
            .get(0);
    assertThat(nearest.path("ticketId").asString()).isEqualTo("INC001");
    assertThat(nearest.path("assignmentGroup").asString()).isEqualTo("End User Computing");
    assertThat(nearest.path("resolutionMinutes").asLong()).isEqualTo(90);
  }

  @Test
  void history_upload_reads_ndjson() {
    String ndjson =
        """
        {"id": "N-1", "subject": "Phishing mail reported", "category": "Security"}
        {"id": "N-2", "subject": "Headset crackles", "category": "Telephony"}
        """;

    JsonNode job =
        http.importHistory(
            "/v1/tenants/ndjson-co/history",
            "export.ndjson",
            ndjson.getBytes(StandardCharsets.UTF_8),
            Map.of());

    assertThat(job.path("imported").asLong()).as(job.toString()).isEqualTo(2);
  }

  @Test
  void history_upload_problems() {
    String path = "/v1/tenants/bad-history-co/history";
    byte[] csv = "Summary,Details\nVPN down,Cannot connect\n".getBytes(StandardCharsets.UTF_8);

    http.multipart(path, "export.csv", csv, Map.of()).assertProblem(400, "invalid-history", path);
    JsonNode mapping =
        http.multipart(path, "export.csv", csv, Map.of("mapping", "subject"))
            .assertProblem(400, "invalid-parameter", path);
    assertThat(mapping.path("parameter").asString()).isEqualTo("mapping");
    JsonNode missing =
        http.multipart(path, null, null, Map.of("mapping", "subject=Summary"))
            .assertProblem(400, "invalid-parameter", path);
    assertThat(missing.path("parameter").asString()).isEqualTo("file");
    http.postJson(path, "{}").assertProblem(415, "unsupported-media-type", path);
    http.multipart(path, "big.csv", new byte[1_200_000], Map.of())
        .assertProblem(413, "payload-too-large", path);
  }

  // --- isolation
  // ----------------------------------------------------------------------------------------------

  @Test
  void tickets_of_one_tenant_never_appear_in_another() {
    http.postJson(
        "/v1/tenants/a/tickets",
        Map.of(
            "id",
            "A-1",
            "subject",
            "Zeppelin hangar door sensor offline",
            "body",
            "The hangar door sensor of the zeppelin reports offline.",
            "category",
            "Airships"));
    http.postJson(
        "/v1/tenants/b/tickets",
        Map.of("id", "B-1", "subject", "Coffee machine leaks water", "category", "Kitchen"));

    JsonNode triage =
        http.postJson(
                "/v1/tenants/b/triage", "{\"subject\": \"Zeppelin hangar door sensor offline\"}")
            .json();
    assertThat(triage.path("neighbours").findValuesAsString("ticketId")).containsExactly("B-1");
    assertThat(triage.path("suggestions").path("category").toString()).doesNotContain("Airships");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode stats = http.get("/v1/tenants/b/stats").json();
              assertThat(stats.path("tickets").asLong()).isEqualTo(1);
              assertThat(stats.path("fields").path("category").path("labels").propertyNames())
                  .containsExactly("Kitchen");
            });
    http.delete("/v1/tenants/b/tickets/A-1")
        .assertProblem(404, "unknown-ticket", "/v1/tenants/b/tickets/A-1");
    assertThat(http.get("/v1/tenants/a/stats").json().path("tickets").asLong()).isEqualTo(1);
  }

  // --- operations
  // ---------------------------------------------------------------------------------------------

  @Test
  void health_shows_the_model_and_the_index() {
    Reply reply = http.get("/actuator/health");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode health = reply.json();
    assertThat(health.path("status").asString()).isEqualTo("UP");
    JsonNode sift = health.path("components").path("sift");
    assertThat(sift.path("status").asString()).isEqualTo("UP");
    assertThat(sift.path("details").path("model").path("id").asString())
        .isEqualTo("all-minilm-l6-v2-q");
    assertThat(sift.path("details").path("model").path("dimension").asInt()).isEqualTo(384);
    assertThat(sift.path("details").path("model").path("loaded").asBoolean()).isTrue();
    assertThat(sift.path("details").path("index").path("open").asBoolean()).isTrue();
    assertThat(sift.path("details").path("index").path("tenants").asInt()).isPositive();
  }

  @Test
  void prometheus_exposes_triage_latency_and_outcomes() {
    assertThat(http.postJson("/v1/tenants/demo/triage", VPN_TICKET).status()).isEqualTo(200);
    http.postJson("/v1/tenants/nobody-here/triage", VPN_TICKET);

    Reply reply = http.get("/actuator/prometheus");

    assertThat(reply.status()).isEqualTo(200);
    // Spring Boot's http.server.requests, with Sift's problem tag (tags come in alphabetical
    // order).
    String triage = "[^}]*uri=\"/v1/tenants/\\{tenant}/triage\"[^}]*} ";
    assertThat(reply.body())
        .containsPattern("http_server_requests_seconds_bucket\\{[^}]*method=\"POST\"" + triage)
        .containsPattern(
            "http_server_requests_seconds_count\\{[^}]*outcome=\"SUCCESS\"[^}]*status=\"200\""
                + triage
                + "[1-9]")
        .containsPattern(
            "http_server_requests_seconds_count\\{[^}]*outcome=\"CLIENT_ERROR\""
                + "[^}]*problem=\"unknown-tenant\""
                + triage
                + "[1-9]")
        .contains("problem=\"none\"");
  }

  @Test
  void open_api_docs_and_swagger_ui_are_served() {
    Reply docs = http.get("/v3/api-docs");

    assertThat(docs.status()).isEqualTo(200);
    JsonNode api = docs.json();
    assertThat(api.path("openapi").asString()).startsWith("3.");
    assertThat(api.path("paths").propertyNames())
        .contains(
            "/v1/tenants/{tenant}/triage",
            "/v1/tenants/{tenant}/tickets",
            "/v1/tenants/{tenant}/tickets/{id}",
            "/v1/tenants/{tenant}/stats",
            "/v1/tenants/{tenant}/history");
    assertThat(http.get("/swagger-ui/index.html").status()).isEqualTo(200);
    // The contract says the key is checked and names every problem type the service can answer.
    assertThat(api.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
    String description = api.at("/info/description").asString();
    assertThat(description).doesNotContain("not yet checked").contains("Authorization: Bearer");
    for (dev.sift.service.system.ProblemType type : dev.sift.service.system.ProblemType.values()) {
      assertThat(description).contains(type.slug());
    }
  }

  @Test
  void unknown_routes_and_methods_are_problems() {
    http.get("/v1/nothing-here").assertProblem(404, "not-found", "/v1/nothing-here");
    http.get("/v1/tenants/demo/triage")
        .assertProblem(405, "method-not-allowed", "/v1/tenants/demo/triage");
  }
}
