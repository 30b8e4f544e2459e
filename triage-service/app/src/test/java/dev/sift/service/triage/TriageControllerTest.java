package dev.sift.service.triage;

import static dev.sift.service.system.WebSlice.assertAnyProblem;
import static dev.sift.service.system.WebSlice.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sift.data.Ticket;
import dev.sift.engine.EngineSettings;
import dev.sift.engine.ModelUnavailableException;
import dev.sift.engine.TriageEngine;
import dev.sift.engine.TriageResult;
import dev.sift.engine.UnknownTenantException;
import dev.sift.service.system.WebSlice;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;

/**
 * The triage endpoint's HTTP layer over a mocked engine: what hostile input, engine errors and the
 * body limit get. {@code HostileInputIT} sends the same kinds of input to the real stack; this runs
 * in the everyday unit suite, in about a second.
 */
@WebMvcTest(TriageController.class)
@Import(WebSlice.class)
class TriageControllerTest {

  private static final String TRIAGE = "/v1/tenants/acme/triage";
  private static final String VALID = "{\"subject\":\"VPN connects but drives are missing\"}";

  /** sift.limits.max-body-bytes by default. */
  private static final int BODY_LIMIT = 64 * 1024;

  private static final TriageResult ANSWER =
      new TriageResult(
          "acme",
          dev.sift.engine.AnswerMethod.NEIGHBOURS,
          Map.of(),
          null,
          List.of(),
          "test",
          1,
          null,
          null,
          null);

  @Autowired MockMvcTester mvc;

  @MockitoBean TriageEngine engine;

  @BeforeEach
  void engineAnswers() {
    when(engine.settings()).thenReturn(EngineSettings.DEFAULTS);
    when(engine.triage(any(), any(), anyInt(), any())).thenReturn(ANSWER);
  }

  @Test
  void a_valid_request_gets_the_engine_answer_with_the_default_k() {
    MvcTestResult result = post(TRIAGE, VALID);

    assertThat(result).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
    assertThat(WebSlice.json(result).path("tenant").asString()).isEqualTo("acme");
    verify(engine).triage(eq("acme"), any(), eq(EngineSettings.DEFAULTS.k()), any());
  }

  @Test
  void malformed_json_is_a_malformed_body_problem_with_line_and_column() {
    JsonNode problem = assertProblem(post(TRIAGE, "{\"subject\":"), 400, "malformed-body");

    assertThat(problem.path("detail").asString()).startsWith("The request body is not valid JSON");
    assertThat(problem.path("instance").asString()).isEqualTo(TRIAGE);
  }

  @Test
  void invalid_utf8_and_raw_control_bytes_are_malformed_body_problems() {
    byte[][] invalid = {
      {(byte) 0xFF}, // never valid in UTF-8
      {(byte) 0x80}, // a continuation byte with no lead
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate encoded as UTF-8
      {(byte) 0xE2, (byte) 0x82, 'x'}, // a sequence cut short
      {0} // a raw NUL: JSON strings may not hold control chars
    };
    for (byte[] bad : invalid) {
      assertProblem(post(TRIAGE, bytes("{\"subject\":\"a", bad, "b\"}")), 400, "malformed-body");
    }
    assertNeverTriaged();
  }

  @Test
  void a_missing_body_or_one_of_the_wrong_shape_is_a_malformed_body_problem() {
    for (String whole : List.of("", "null", "1", "\"s\"", "true", "[]", "[1]")) {
      assertProblem(post(TRIAGE, whole), 400, "malformed-body");
    }
  }

  @Test
  void a_field_of_the_wrong_type_is_a_malformed_body_problem_naming_the_field() {
    for (String value : List.of("{}", "[\"a\"]", "{\"a\":1}")) {
      JsonNode problem =
          assertProblem(post(TRIAGE, "{\"subject\":" + value + "}"), 400, "malformed-body");
      assertThat(problem.path("field").asString()).as(value).isEqualTo("subject");
    }
    JsonNode date =
        assertProblem(
            post(TRIAGE, "{\"subject\":\"vpn\",\"createdAt\":\"9999-99-99\"}"),
            400,
            "malformed-body");
    assertThat(date.path("field").asString()).isEqualTo("createdAt");
    assertThat(date.path("detail").asString()).contains("ISO-8601");
  }

  @Test
  void json_nested_past_jacksons_limits_is_a_malformed_body_problem() {
    String deepUnknownField = "{\"subject\":\"vpn\",\"extra\":" + "[".repeat(1_000);
    assertThat(
            assertProblem(post(TRIAGE, deepUnknownField), 400, "malformed-body")
                .path("detail")
                .asString())
        .startsWith("The request body is nested deeper than 500 levels");
    String deepObject = "{\"subject\":" + "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_001);
    assertProblem(post(TRIAGE, deepObject), 400, "malformed-body");
    assertThat(
            assertProblem(post(TRIAGE, "{\"subject\":" + "9".repeat(5_000) + "}"), 400, null)
                .path("detail")
                .asString())
        .contains("number longer than");
    assertNeverTriaged();
  }

  @Test
  void bodies_up_to_the_limit_are_served_and_past_it_are_refused_with_413_unread() {
    String atLimit = "{\"subject\":\"" + "a".repeat(BODY_LIMIT - 14) + "\"}";
    assertThat(atLimit).hasSize(BODY_LIMIT);
    assertThat(post(TRIAGE, atLimit)).hasStatusOk();

    JsonNode problem = assertProblem(post(TRIAGE, atLimit + " "), 413, "payload-too-large");
    assertThat(problem.path("maxBytes").asLong()).isEqualTo(BODY_LIMIT);
    // Deep nesting past the size limit never reaches the parser.
    assertProblem(post(TRIAGE, "[".repeat(100_000)), 413, "payload-too-large");
  }

  @Test
  void the_body_limit_holds_however_the_path_is_spelled() {
    String pastLimit = "{\"subject\":\"" + "a".repeat(BODY_LIMIT) + "\"}";
    for (String path : List.of(TRIAGE + ";x", "/v1/tenants/acme;a=b/triage")) {
      assertProblem(post(path, pastLimit), 413, "payload-too-large");
    }
    assertNeverTriaged();
  }

  @Test
  void k_outside_one_to_max_k_is_an_invalid_parameter_problem_naming_max_k() {
    int maxK = EngineSettings.DEFAULTS.maxK();
    for (int k : List.of(0, -1, maxK + 1)) {
      JsonNode problem = assertProblem(post(TRIAGE + "?k=" + k, VALID), 400, "invalid-parameter");
      assertThat(problem.path("parameter").asString()).isEqualTo("k");
      assertThat(problem.path("maxK").asInt()).isEqualTo(maxK);
    }
    JsonNode notANumber = assertProblem(post(TRIAGE + "?k=many", VALID), 400, "invalid-parameter");
    assertThat(notANumber.path("parameter").asString()).isEqualTo("k");
  }

  @Test
  void an_invalid_tenant_name_is_refused_before_the_engine_sees_it() {
    for (String tenant : List.of("ACME", "a_b", "x".repeat(64), "%2e%2e")) {
      assertProblem(post("/v1/tenants/" + tenant + "/triage", VALID), 400, "invalid-tenant");
    }
    assertNeverTriaged();
  }

  @Test
  void an_unknown_tenant_is_a_404_unknown_tenant_problem() {
    when(engine.triage(eq("nobody"), any(), anyInt(), any()))
        .thenThrow(new UnknownTenantException("nobody"));

    JsonNode problem =
        assertProblem(post("/v1/tenants/nobody/triage", VALID), 404, "unknown-tenant");

    assertThat(problem.path("tenant").asString()).isEqualTo("nobody");
    assertThat(problem.path("instance").asString()).isEqualTo("/v1/tenants/nobody/triage");
  }

  @Test
  void a_tenant_embedded_with_a_model_this_instance_lacks_is_a_503_that_names_the_fix() {
    when(engine.triage(eq("acme"), any(), anyInt(), any()))
        .thenThrow(new ModelUnavailableException("acme", "e5-large-custom"));

    JsonNode problem =
        assertProblem(post("/v1/tenants/acme/triage", VALID), 503, "model-unavailable");

    assertThat(problem.path("tenant").asString()).isEqualTo("acme");
    assertThat(problem.path("model").asString()).isEqualTo("e5-large-custom");
    assertThat(problem.path("detail").asString()).contains("/v1/admin/reembed?tenant=acme");
  }

  @Test
  void an_unexpected_engine_failure_is_a_500_problem_without_internals() {
    when(engine.triage(any(), any(), anyInt(), any()))
        .thenThrow(new IllegalStateException("index file /data/secret is corrupt"));

    MvcTestResult result = post(TRIAGE, VALID);

    assertThat(result).hasStatus(500).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode problem = WebSlice.json(result);
    assertThat(problem.path("type").asString()).endsWith("/internal-error");
    assertThat(problem.toString()).doesNotContain("secret", "IllegalStateException");
  }

  @Test
  void a_ticket_the_engine_cannot_take_is_an_invalid_ticket_problem() {
    assertProblem(post(TRIAGE, "{\"subject\":\"  \",\"body\":\"\"}"), 400, "invalid-ticket");
    JsonNode farFuture =
        assertProblem(
            post(TRIAGE, "{\"subject\":\"vpn\",\"createdAt\":\"+1000000000-12-31T23:59:59Z\"}"),
            400,
            "invalid-ticket");
    assertThat(farFuture.path("field").asString()).isEqualTo("createdAt");
    assertNeverTriaged();
  }

  @Test
  void an_id_no_url_could_carry_is_an_invalid_ticket_id_problem() {
    for (String id : List.of("INC/2024/1", "INC\\\\2024", ".", " .. ", "a\\u0001b", "x\\ud800")) {
      JsonNode problem =
          assertProblem(
              post(TRIAGE, "{\"id\":\"" + id + "\",\"subject\":\"vpn\"}"),
              400,
              "invalid-ticket-id");
      assertThat(problem.path("field").asString()).as(id).isEqualTo("id");
      assertThat(problem.path("detail").asString()).as(id).contains(Ticket.ID_RULE);
    }
    assertNeverTriaged();
  }

  @Test
  void a_body_in_another_media_type_is_a_415_problem_unread() {
    for (String type :
        List.of(
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x")) {
      assertProblem(
          mvc.post().uri(TRIAGE).header("Content-Type", type).content(VALID).exchange(),
          415,
          "unsupported-media-type");
    }
    assertNeverTriaged();
  }

  @Test
  void an_accept_header_that_excludes_json_or_cannot_be_parsed_is_a_406_problem() {
    for (String accept : List.of("text/html", "application/xml", "garbage///")) {
      assertProblem(
          mvc.post()
              .uri(TRIAGE)
              .contentType(MediaType.APPLICATION_JSON)
              .header("Accept", accept)
              .content(VALID)
              .exchange(),
          406,
          "not-acceptable");
    }
  }

  @Test
  void another_method_or_path_is_a_problem_too() {
    assertProblem(mvc.get().uri(TRIAGE).exchange(), 405, "method-not-allowed");
    assertProblem(mvc.put().uri(TRIAGE).exchange(), 405, "method-not-allowed");
    assertAnyProblem(post("/v1/tenants/acme/triage/more", VALID));
  }

  /** The controller may read the engine's settings, but nothing refused reaches triage. */
  private void assertNeverTriaged() {
    verify(engine, never()).triage(any(), any(), anyInt(), any());
  }

  private MvcTestResult post(String path, String body) {
    return WebSlice.postJson(mvc, path, body);
  }

  private MvcTestResult post(String path, byte[] body) {
    return WebSlice.postJson(mvc, path, body);
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      out.writeBytes(
          part instanceof byte[] b ? b : ((String) part).getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
