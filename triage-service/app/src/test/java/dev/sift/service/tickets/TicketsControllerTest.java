package dev.sift.service.tickets;

import static dev.sift.service.system.WebSlice.assertAnyProblem;
import static dev.sift.service.system.WebSlice.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sift.data.Ticket;
import dev.sift.engine.Tenants;
import dev.sift.engine.TicketSource;
import dev.sift.engine.Tickets;
import dev.sift.service.system.WebSlice;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;

/**
 * The tickets endpoints' HTTP layer over a mocked engine: hostile bodies, ids and limits get
 * problems, and nothing refused reaches the store. The limits are lowered so that "past the limit"
 * costs kilobytes; {@code HostileInputIT} checks the same against the real stack.
 */
@WebMvcTest(TicketsController.class)
@Import(WebSlice.class)
@TestPropertySource(
    properties = {
      "sift.limits.max-batch-bytes=" + TicketsControllerTest.BATCH_LIMIT,
      "sift.limits.max-batch-size=" + TicketsControllerTest.MAX_BATCH_SIZE
    })
class TicketsControllerTest {

  static final int BATCH_LIMIT = 256 * 1024;
  static final int MAX_BATCH_SIZE = 3;

  private static final String TICKETS = "/v1/tenants/acme/tickets";
  private static final String TICKET = "{\"id\":\"H-1\",\"subject\":\"Printer jams\"}";

  @Autowired MockMvcTester mvc;

  @MockitoBean Tickets tickets;
  @MockitoBean Tenants tenants;

  @BeforeEach
  void tenantExists() {
    when(tenants.hasHistory("acme")).thenReturn(true);
  }

  @Test
  void tickets_for_a_new_tenant_are_stored_with_201_and_for_a_known_one_with_200() {
    assertThat(post(TICKETS, TICKET)).hasStatusOk();
    assertThat(post("/v1/tenants/fresh/tickets", "[" + TICKET + "]"))
        .hasStatus(201)
        .bodyJson()
        .extractingPath("$.upserted")
        .isEqualTo(1);

    verify(tickets).upsert(eq("acme"), anyList(), eq(TicketSource.AUTO));
    verify(tickets).upsert(eq("fresh"), anyList(), eq(TicketSource.AUTO));
  }

  @Test
  void malformed_json_and_bodies_neither_object_nor_array_are_malformed_body_problems() {
    for (String body : List.of("{\"id\":", "[{]", "", "1", "\"s\"", "true")) {
      assertProblem(post(TICKETS, body), 400, "malformed-body");
    }
    assertProblem(
        post(TICKETS, new byte[] {'{', '"', (byte) 0xFF, '"', '}'}), 400, "malformed-body");
    assertNothingStored();
  }

  @Test
  void an_element_that_is_no_ticket_object_is_an_invalid_ticket_problem_with_its_index() {
    for (String element : List.of("1", "null", "[]", "\"s\"")) {
      JsonNode problem =
          assertProblem(post(TICKETS, "[" + TICKET + "," + element + "]"), 400, "invalid-ticket");
      assertThat(problem.path("index").asInt()).as(element).isEqualTo(1);
    }
    assertNothingStored();
  }

  @Test
  void a_field_of_the_wrong_type_is_an_invalid_ticket_problem_naming_the_field() {
    for (String value : List.of("{}", "[\"a\"]", "{\"a\":1}")) {
      JsonNode problem =
          assertProblem(
              post(TICKETS, "{\"id\":\"H-1\",\"subject\":" + value + "}"), 400, "invalid-ticket");
      assertThat(problem.path("detail").asString()).as(value).contains("'subject'");
    }
    JsonNode date =
        assertProblem(
            post(TICKETS, "{\"id\":\"H-1\",\"subject\":\"x\",\"createdAt\":\"9999-99-99\"}"),
            400,
            "invalid-ticket");
    assertThat(date.path("detail").asString()).contains("ISO-8601");
    assertNothingStored();
  }

  @Test
  void a_ticket_the_store_cannot_take_is_an_invalid_ticket_problem() {
    for (String ticket :
        List.of(
            "{\"subject\":\"no id\"}",
            "{\"id\":\"H-1\"}",
            "{\"id\":\"H-1\",\"subject\":\"x\",\"resolvedAt\":\"+1000000000-12-31T23:59:59Z\"}",
            "{\"id\":\"H-1\",\"subject\":\"x\",\"createdAt\":\"2026-05-02T00:00:00Z\","
                + "\"resolvedAt\":\"2026-05-01T00:00:00Z\"}")) {
      assertProblem(post(TICKETS, ticket), 400, "invalid-ticket");
    }
    for (String field : List.of("subject", "body", "category", "resolution")) {
      String wide = "w".repeat(Ticket.MAX_FIELD_CHARS + 1);
      JsonNode problem =
          assertProblem(
              post(
                  TICKETS, "{\"id\":\"W-1\",\"subject\":\"s\",\"" + field + "\":\"" + wide + "\"}"),
              400,
              "invalid-ticket");
      assertThat(problem.path("field").asString()).isEqualTo(field);
    }
    assertNothingStored();
  }

  @Test
  void an_id_no_url_could_carry_refuses_the_whole_batch() {
    for (String id :
        List.of("INC/2024/1", "INC\\\\2024", ".", " .. ", "x\\ud800", "i".repeat(600))) {
      JsonNode problem =
          assertProblem(
              post(TICKETS, "[" + TICKET + ",{\"id\":\"" + id + "\",\"subject\":\"x\"}]"),
              400,
              "invalid-ticket-id");
      assertThat(problem.path("index").asInt()).as(id).isEqualTo(1);
      assertThat(problem.path("detail").asString()).as(id).contains(Ticket.ID_RULE);
    }
    assertNothingStored();
  }

  @Test
  void more_tickets_than_the_batch_size_is_a_413_batch_too_large_problem() {
    String batch = "[" + String.join(",", List.of(TICKET, TICKET, TICKET, TICKET)) + "]";

    JsonNode problem = assertProblem(post(TICKETS, batch), 413, "batch-too-large");

    assertThat(problem.path("maxBatchSize").asInt()).isEqualTo(MAX_BATCH_SIZE);
    assertThat(problem.path("size").asInt()).isEqualTo(4);
    assertNothingStored();
  }

  @Test
  void a_body_past_the_batch_limit_is_a_413_problem_however_the_path_is_spelled() {
    String pastLimit = "{\"id\":\"BIG\",\"subject\":\"" + "a".repeat(BATCH_LIMIT) + "\"}";
    for (String path : List.of(TICKETS, TICKETS + ";x", "/v1/tenants/acme;a=b/tickets")) {
      JsonNode problem = assertProblem(post(path, pastLimit), 413, "payload-too-large");
      assertThat(problem.path("maxBytes").asLong()).isEqualTo(BATCH_LIMIT);
    }
    assertNothingStored();
  }

  @Test
  void json_nested_past_jacksons_depth_limit_is_a_malformed_body_problem() {
    assertThat(
            assertProblem(post(TICKETS, "[".repeat(100_000)), 400, "malformed-body")
                .path("detail")
                .asString())
        .startsWith("The request body is nested deeper than 500 levels");
    String deepObject = "{\"subject\":" + "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_001);
    assertAnyProblem(post(TICKETS, "[" + deepObject + "]"));
    assertNothingStored();
  }

  @Test
  void an_unknown_source_is_an_invalid_parameter_problem() {
    JsonNode problem =
        assertProblem(post(TICKETS + "?source=later", TICKET), 400, "invalid-parameter");

    assertThat(problem.path("parameter").asString()).isEqualTo("source");
    assertNothingStored();
  }

  @Test
  void hostile_content_type_and_accept_headers_are_problems() {
    for (String type : List.of("text/plain", ";;;", "application/x-www-form-urlencoded")) {
      assertAnyProblem(
          mvc.post().uri(TICKETS).header("Content-Type", type).content(TICKET).exchange());
    }
    assertProblem(
        mvc.post()
            .uri(TICKETS)
            .contentType(MediaType.APPLICATION_JSON)
            .header("Accept", "garbage///")
            .content("{")
            .exchange(),
        406,
        "not-acceptable");
    assertNothingStored();
  }

  @Test
  void reading_or_deleting_in_an_unknown_tenant_is_a_404_unknown_tenant_problem() {
    String path = "/v1/tenants/nobody/tickets/H-1";

    assertThat(assertProblem(get(path), 404, "unknown-tenant").path("tenant").asString())
        .isEqualTo("nobody");
    assertProblem(delete(path), 404, "unknown-tenant");
    verify(tickets, never()).delete(anyString(), anyString());
  }

  @Test
  void an_unknown_ticket_is_a_404_unknown_ticket_problem_naming_it() {
    when(tickets.get("acme", "H-404")).thenReturn(Optional.empty());

    JsonNode problem = assertProblem(get(TICKETS + "/H-404"), 404, "unknown-ticket");

    assertThat(problem.path("ticketId").asString()).isEqualTo("H-404");
    assertProblem(delete(TICKETS + "/H-404"), 404, "unknown-ticket");
  }

  @Test
  void a_lookup_normalises_the_id_as_storing_does() {
    Ticket cafe = Ticket.builder("Caf\u00e9-9").subject("decomposed").build();
    when(tickets.get("acme", "Caf\u00e9-9")).thenReturn(Optional.of(cafe));
    when(tickets.delete("acme", "E10")).thenReturn(true);

    assertThat(get(TICKETS + "/Cafe%CC%81-9"))
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.id")
        .isEqualTo("Caf\u00e9-9");
    assertThat(delete(TICKETS + "/%20E10%20")).hasStatus(204);
  }

  @Test
  void an_id_no_path_can_carry_is_reached_by_the_query_form() {
    when(tickets.get("acme", "LEGACY/1"))
        .thenReturn(Optional.of(Ticket.builder("LEGACY/1").subject("slash").build()));
    when(tickets.delete("acme", "LEGACY\\2")).thenReturn(true);

    assertThat(get(TICKETS + "?id=LEGACY%2F1"))
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.subject")
        .isEqualTo("slash");
    assertThat(delete(TICKETS + "?id=LEGACY%5C2")).hasStatus(204);
  }

  @Test
  void hostile_ids_in_the_path_are_problems() {
    for (String id : List.of("%2e%2e", "a;b=c", "%25", "a%2Fb", "a%5Cb", "x".repeat(7_000))) {
      MvcTestResult result = get(TICKETS + "/" + id);
      assertThat(assertAnyProblem(result).path("status").asInt()).as(id).isIn(400, 404);
    }
  }

  private void assertNothingStored() {
    verify(tickets, never()).upsert(anyString(), anyList(), any());
  }

  /** Sent as written: the tests spell their escapes themselves. */
  private MvcTestResult get(String path) {
    return mvc.get().uri(URI.create(path)).exchange();
  }

  private MvcTestResult delete(String path) {
    return mvc.delete().uri(URI.create(path)).exchange();
  }

  private MvcTestResult post(String path, String body) {
    return WebSlice.postJson(mvc, path, body);
  }

  private MvcTestResult post(String path, byte[] body) {
    return WebSlice.postJson(mvc, path, body);
  }
}
