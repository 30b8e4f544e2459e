package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.Mutations;
import dev.sift.data.Ticket;
import dev.sift.engine.Tickets;
import dev.sift.engine.TriageResult;
import dev.sift.service.Http.Reply;
import dev.sift.service.system.ProblemType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Input built to break the service, over real HTTP against the real model and index. Whatever
 * arrives, every answer is a 2xx where the input is acceptable, otherwise a 4xx {@code
 * application/problem+json} with a Sift problem type; never a 5xx and never a hang, and a normal
 * triage still answers 200 after each test. The fuzz loops are seeded with {@link #SEED}, so a
 * failure replays exactly; the limits are lowered so that "past the limit" costs megabytes rather
 * than hundreds of them.
 */
@TestPropertySource(
    properties = {
      "sift.demo.enabled=true",
      "sift.limits.max-batch-bytes=2MB",
      "sift.limits.max-history-bytes=3MB",
      "sift.limits.max-batch-size=50"
    })
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang fails the test rather than the build
class HostileInputIT extends RunningService {

  /** The seed of every fuzz loop here; docs/api.md names it. */
  static final long SEED = 0x51F7_4057_1E00L;

  private static final int MUTANTS_PER_ENDPOINT = 120;
  private static final int BATCH_LIMIT = 2 * 1024 * 1024;
  private static final int HISTORY_LIMIT = 3 * 1024 * 1024;
  private static final int TRIAGE_LIMIT = 64 * 1024;
  private static final Set<String> SIFT_TYPES =
      Arrays.stream(ProblemType.values()).map(t -> t.uri().toString()).collect(Collectors.toSet());

  private static final String TRIAGE = "/v1/tenants/demo/triage";
  private static final String TICKETS = "/v1/tenants/hostile/tickets";
  private static final String HISTORY = "/v1/tenants/hostile-history/history";
  private static final String TAXONOMY = "/v1/tenants/hostile/taxonomy";
  private static final List<String> KEY_PATHS =
      List.of("/v1/admin/keys", "/v1/admin/tenants/hostile/keys");

  private static final String TRIAGE_BODY =
      """
      {"id":"H-0","subject":"VPN connects but network drives are missing","body":"red cross on mapped drives",
       "requester":"ana","client":"acme","createdAt":"2026-05-01T09:30:00Z"}""";
  private static final String TICKET_BODY =
      """
      {"id":"H-1","subject":"Printer jams","body":"paper stuck in tray 2","category":"Hardware",
       "subcategory":"Printer","priority":"P3","assignmentGroup":"Desk","assignee":"bo","requester":"ana",
       "client":"acme","createdAt":"2026-05-01T09:30:00Z","resolvedAt":"2026-05-01T10:30:00Z",
       "resolution":"cleared"}""";
  private static final String CSV =
      """
      id,subject,body,category,createdAt
      C-1,VPN down,"cannot reach ""drives""
      since Monday",Network,2026-05-01T09:00:00Z
      C-2,Printer jam,paper stuck,Hardware,2026-05-02
      """;

  @AfterEach
  void serviceStillTriages() {
    Reply reply = http.postJson(TRIAGE, TRIAGE_BODY);
    assertThat(reply.status())
        .as("a normal triage after the hostile batch: %s", reply.body())
        .isEqualTo(200);
  }

  // --- malformed UTF-8, NUL and surrogates
  // -------------------------------------------------------------------

  @Test
  void invalid_utf8_in_a_json_body_is_a_malformed_body_problem() {
    byte[][] invalid = {
      {(byte) 0xFF}, // never valid in UTF-8
      {(byte) 0x80}, // a continuation byte with no lead
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate encoded as UTF-8
      {(byte) 0xE2, (byte) 0x82, 'x'}, // a sequence cut short
      {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // a five-byte form
      {0}
    }; // a raw NUL: JSON strings may not hold control chars
    for (byte[] bad : invalid) {
      for (String path : List.of(TRIAGE, TICKETS, KEY_PATHS.getFirst())) {
        byte[] body = bytes("{\"id\":\"U-1\",\"subject\":\"a", bad, "b\",\"name\":\"k\"}");
        assertProblem(path, send(path, body), 400, "malformed-body");
      }
    }
    // Cut off inside a multi-byte sequence at the very end of the body.
    assertProblem(
        TRIAGE,
        send(TRIAGE, bytes("{\"subject\":\"a", new byte[] {(byte) 0xE2})),
        400,
        "malformed-body");
  }

  /**
   * Jackson decodes overlong forms (C0 80 is an overlong NUL) and code points past U+10FFFF
   * leniently instead of refusing them. That is accepted, because nothing harmful survives: the
   * text normaliser drops the NUL and turns the unpaired surrogates into U+FFFD before anything is
   * stored.
   */
  @Test
  void overlong_utf8_is_decoded_leniently_and_stored_clean() {
    byte[] body =
        bytes(
            "{\"id\":\"OVERLONG-1\",\"subject\":\"a",
            new byte[] {(byte) 0xC0, (byte) 0x80},
            "b",
            new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
            "c",
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            "d\"}");

    assertThat(send(TICKETS, body).status()).isBetween(200, 201);

    String subject = storedSubject("OVERLONG-1");
    assertThat(subject).startsWith("ab").contains("c").endsWith("d").doesNotContain("\u0000");
    assertWellFormed(subject);
  }

  @Test
  void escaped_nul_and_lone_surrogates_are_accepted_and_stored_clean() {
    String body =
        "{\"id\":\"ESCAPED-1\",\"subject\":\"a\\u0000b\\ud800c\\udc00\\ud800d\",\"category\":\"\\udfff\"}";

    assertThat(http.postJson(TICKETS, body).status()).isBetween(200, 201);

    String subject = storedSubject("ESCAPED-1");
    assertThat(subject).isEqualTo("ab\uFFFDc\uFFFD\uFFFDd");
    assertThat(http.get(TICKETS + "/ESCAPED-1").json().path("category").asString())
        .isEqualTo("\uFFFD");
    assertThat(http.postJson(TRIAGE, "{\"subject\":\"vpn \\u0000 \\udc00\"}").status())
        .isEqualTo(200);
    for (String path : KEY_PATHS) {
      assertThat(http.postJson(path, "{\"name\":\"a\\u0000\\ud800\"}").status()).isEqualTo(201);
    }
  }

  // --- size
  // ----------------------------------------------------------------------------------------------------

  @Test
  void bodies_up_to_the_limit_are_served_and_past_it_are_refused_with_413() {
    String atLimit = "{\"subject\":\"" + words(TRIAGE_LIMIT - 64) + "\"}";
    assertThat(http.postJson(TRIAGE, atLimit).status()).isEqualTo(200);
    assertProblem(
        TRIAGE,
        http.postJson(TRIAGE, "{\"subject\":\"" + "a".repeat(TRIAGE_LIMIT) + "\"}"),
        413,
        "payload-too-large");

    // Tickets with a body at the field limit each, together just under the batch limit.
    List<Map<String, String>> bigBatch = new ArrayList<>();
    for (int i = 0; (i + 1) * (Ticket.MAX_FIELD_CHARS + 64) < BATCH_LIMIT; i++) {
      bigBatch.add(
          Map.of("id", "BIG-1-" + i, "subject", "huge", "body", words(Ticket.MAX_FIELD_CHARS)));
    }
    assertThat(http.postJson(TICKETS, bigBatch).status()).isBetween(200, 201);
    assertThat(storedSubject("BIG-1-0")).isEqualTo("huge");
    byte[] pastLimit =
        ("{\"id\":\"BIG-2\",\"subject\":\"" + "a".repeat(BATCH_LIMIT + BATCH_LIMIT / 2) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    assertProblem(TICKETS, send(TICKETS, pastLimit), 413, "payload-too-large");
    assertProblem(
        TICKETS,
        http.postChunked(TICKETS, "application/json", pastLimit),
        413,
        "payload-too-large");
    assertThat(http.get(TICKETS + "/BIG-2").status()).isEqualTo(404);

    // Admin requests are capped like triage requests; within the cap, the name limit answers a 400.
    for (String path : KEY_PATHS) {
      assertProblem(
          path,
          http.postJson(path, "{\"name\":\"" + "n".repeat(3 * 1024 * 1024) + "\"}"),
          413,
          "payload-too-large");
      assertProblem(
          path,
          http.postJson(path, "{\"name\":\"" + "n".repeat(TRIAGE_LIMIT / 2) + "\"}"),
          400,
          "invalid-parameter");
    }
  }

  /**
   * The limits apply to the path the handler sees: a matrix parameter ({@code ;x}) or a
   * percent-encoded letter reaches the same handler as the plain spelling, so it meets the same
   * limit. The bug this guards: the filter matched the raw request URI, and {@code tickets;x} read
   * a body of any size whole.
   */
  @Test
  void body_limits_hold_however_the_path_is_spelled() {
    byte[] pastTriage =
        ("{\"subject\":\"" + "a".repeat(TRIAGE_LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);
    for (String path :
        List.of(
            TRIAGE + ";x",
            "/v1/tenants/demo/%74riage",
            "/v1/tenants/demo;a=b/triage",
            "/v1/%74enants/demo/triage;jsessionid=1")) {
      assertProblem(path, send(path, pastTriage), 413, "payload-too-large");
      assertProblem(
          path, http.postChunked(path, "application/json", pastTriage), 413, "payload-too-large");
    }
    byte[] pastBatch =
        ("{\"id\":\"SPELT-1\",\"subject\":\"" + "a".repeat(BATCH_LIMIT + BATCH_LIMIT / 2) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    for (String path : List.of(TICKETS + ";x", "/v1/tenants/hostile/%74ickets")) {
      assertProblem(path, send(path, pastBatch), 413, "payload-too-large");
      assertProblem(
          path, http.postChunked(path, "application/json", pastBatch), 413, "payload-too-large");
    }
    assertThat(http.get(TICKETS + "/SPELT-1").status()).isEqualTo(404);
    byte[] pastTaxonomy =
        ("{\"category\":[{\"name\":\"" + "t".repeat(BATCH_LIMIT + 1) + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    assertProblem(
        TAXONOMY,
        http.send("PUT", TAXONOMY + ";x", "application/json", pastTaxonomy),
        413,
        "payload-too-large");
  }

  /**
   * Spring's form filter reads a form-encoded PUT whole before any handler runs, and Spring's
   * multipart resolver parses any multipart POST; neither may read more than the endpoint's limit.
   */
  @Test
  void bodies_read_before_the_handler_are_capped_too() {
    byte[] pastBatch =
        ("a=" + "f".repeat(BATCH_LIMIT + BATCH_LIMIT / 2)).getBytes(StandardCharsets.UTF_8);
    assertProblem(
        TAXONOMY,
        http.send("PUT", TAXONOMY, "application/x-www-form-urlencoded", pastBatch),
        413,
        "payload-too-large");
    assertProblem(
        TAXONOMY,
        http.putChunked(TAXONOMY, "application/x-www-form-urlencoded", pastBatch),
        413,
        "payload-too-large");
    // Past even the history limit, sent to an endpoint that reads JSON: turned away by media type,
    // unparsed (a parse would have run into the upload limit first). On a connection of its own,
    // which the server closes rather than read the rest of a body it turned away.
    byte[] multipart =
        bytes(
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n",
            "m".repeat(HISTORY_LIMIT + 1),
            "\r\n--b--\r\n");
    assertProblem(
        TRIAGE,
        new Http(port).postChunked(TRIAGE, "multipart/form-data; boundary=b", multipart),
        415,
        "unsupported-media-type");
  }

  @Test
  void an_id_too_long_for_the_index_is_an_invalid_ticket_id_not_a_failed_write() {
    String tooLong = "\u20AC".repeat(Ticket.MAX_ID_CHARS + 1); // 3 bytes each in UTF-8
    JsonNode problem =
        assertProblem(
            TICKETS,
            http.postJson(
                TICKETS,
                "[{\"id\":\"OK-1\",\"subject\":\"x\"},{\"id\":\""
                    + tooLong
                    + "\",\"subject\":\"x\"}]"),
            400,
            "invalid-ticket-id");
    assertThat(problem.path("index").asInt()).isEqualTo(1);
    assertProblem(
        TICKETS,
        http.postJson(TICKETS, "{\"id\":\"" + "i".repeat(40_000) + "\",\"subject\":\"x\"}"),
        400,
        "invalid-ticket-id");

    String longest = "L".repeat(Ticket.MAX_ID_CHARS);
    assertThat(http.postJson(TICKETS, "{\"id\":\"" + longest + "\",\"subject\":\"x\"}").status())
        .isBetween(200, 201);
    assertThat(http.get(TICKETS + "/" + longest).json().path("id").asString()).isEqualTo(longest);
  }

  /**
   * An id that no URL path can carry (a slash, a backslash, a control character, a lone surrogate,
   * "." or "..") would be stored but could never be read or erased by its id: it is refused
   * wherever it comes in.
   */
  @Test
  void ids_no_url_could_carry_are_refused_at_upsert_triage_and_import() {
    for (String id :
        List.of(
            "INC/2024/1",
            "INC\\\\2024",
            ".",
            " .. ",
            "a\\u0001b",
            "tab\\tinside",
            "x\\ud800",
            "del\\u007f")) {
      JsonNode problem =
          assertProblem(
              id,
              http.postJson(
                  TICKETS,
                  "[{\"id\":\"OK-ID-1\",\"subject\":\"x\"},"
                      + "{\"id\":\""
                      + id
                      + "\",\"subject\":\"x\"}]"),
              400,
              "invalid-ticket-id");
      assertThat(problem.path("index").asInt()).as(id).isEqualTo(1);
      assertThat(problem.path("detail").asString()).as(id).contains(Ticket.ID_RULE);
      assertProblem(
          id,
          http.postJson(TRIAGE, "{\"id\":\"" + id + "\",\"subject\":\"vpn\"}"),
          400,
          "invalid-ticket-id");
    }
    assertThat(http.get(TICKETS + "/OK-ID-1").status())
        .as("a refused batch stores nothing")
        .isEqualTo(404);

    JsonNode report =
        importCsv("id,subject\nINC/2024/1,slash\nINC\\2024,backslash\nINC-2024-3,fine\n");
    assertThat(report.path("imported").asInt()).isEqualTo(1);
    assertThat(report.path("skippedRows").findValuesAsString("reason"))
        .containsExactly(
            "id 'INC/2024/1' contains '/' (ids are " + Ticket.ID_RULE + ")",
            "id 'INC\\2024' contains '\\' (ids are " + Ticket.ID_RULE + ")");
  }

  /**
   * Ids are stored normalised (NFC, trimmed); a lookup normalises too, so the spelling sent finds
   * the ticket.
   */
  @Test
  void an_id_normalisation_changes_is_found_and_erased_by_the_spelling_sent() {
    String nfd = "Cafe\u0301-9";
    assertThat(
            http.postJson(
                    TICKETS,
                    List.of(
                        Map.of("id", nfd, "subject", "decomposed"),
                        Map.of("id", " E10 ", "subject", "padded")))
                .status())
        .isBetween(200, 201);

    Reply byNfd = http.get(TICKETS + "/Cafe%CC%81-9");
    assertThat(byNfd.status()).as(byNfd.body()).isEqualTo(200);
    assertThat(byNfd.json().path("id").asString()).isEqualTo("Caf\u00e9-9");
    assertThat(http.get(TICKETS + "/Caf%C3%A9-9").status()).isEqualTo(200);
    assertThat(http.delete(TICKETS + "/%20E10%20").status()).isEqualTo(204);
    assertThat(http.get(TICKETS + "/E10").status()).isEqualTo(404);
    assertThat(http.delete(TICKETS + "/Cafe%CC%81-9").status()).isEqualTo(204);
    assertThat(http.get(TICKETS + "/Caf%C3%A9-9").status()).isEqualTo(404);
  }

  /**
   * Stored before ids were checked, so out of reach of a path: the query form still reads and
   * erases it.
   */
  @Test
  void a_stored_id_no_path_can_carry_is_erased_by_the_query_form(@Autowired Tickets tickets) {
    tickets.upsert(
        "hostile",
        List.of(
            Ticket.builder("LEGACY/1").subject("slash").build(),
            Ticket.builder("LEGACY\\2").subject("backslash").build()));

    assertThat(http.get(TICKETS + "?id=LEGACY%2F1").json().path("subject").asString())
        .isEqualTo("slash");
    assertThat(http.delete(TICKETS + "?id=LEGACY%2F1").status()).isEqualTo(204);
    assertThat(http.delete(TICKETS + "?id=LEGACY%5C2").status()).isEqualTo(204);
    assertProblem(TICKETS, http.get(TICKETS + "?id=LEGACY%2F1"), 404, "unknown-ticket");
    assertThat(tickets.get("hostile", "LEGACY\\2")).isEmpty();
  }

  /**
   * The bug this guards: a live upsert took a subject of megabytes (history import capped fields at
   * 65,536 chars), and every triage that found the ticket answered it whole.
   */
  @Test
  void one_field_limit_holds_for_upserts_and_neighbours_show_bounded_text() {
    for (String field : List.of("subject", "body", "category", "resolution")) {
      Map<String, String> ticket = new HashMap<>(Map.of("id", "WIDE-0", "subject", "s"));
      ticket.put(field, "w".repeat(Ticket.MAX_FIELD_CHARS + 1));
      JsonNode problem =
          assertProblem(field, http.postJson(TICKETS, ticket), 400, "invalid-ticket");
      assertThat(problem.path("field").asString()).isEqualTo(field);
    }
    String subject = "zeppelin hangar door " + "z".repeat(Ticket.MAX_FIELD_CHARS - 21);
    assertThat(
            http.postJson(
                    TICKETS,
                    Map.of(
                        "id",
                        "WIDE-1",
                        "subject",
                        subject,
                        "resolution",
                        "r".repeat(Ticket.MAX_FIELD_CHARS)))
                .status())
        .isBetween(200, 201);
    assertThat(storedSubject("WIDE-1")).isEqualTo(subject);

    Reply triage =
        http.postJson("/v1/tenants/hostile/triage?k=50", Map.of("subject", "zeppelin hangar door"));

    assertThat(triage.status()).as(triage.body()).isEqualTo(200);
    JsonNode wide = null;
    for (JsonNode n : triage.json().path("neighbours")) {
      wide = n.path("ticketId").asString().equals("WIDE-1") ? n : wide;
    }
    assertThat(wide).as("WIDE-1 among the neighbours").isNotNull();
    int max = TriageResult.NeighbourView.MAX_TEXT_CHARS;
    assertThat(wide.path("subject").asString())
        .hasSize(max)
        .startsWith("zeppelin hangar door")
        .endsWith(TriageResult.NeighbourView.CUT_MARKER);
    assertThat(wide.path("resolution").asString())
        .hasSize(max)
        .endsWith(TriageResult.NeighbourView.CUT_MARKER);
    assertThat(triage.body().length()).isLessThan(50 * 4 * max);
  }

  @Test
  void a_date_past_year_9999_is_refused_and_does_not_break_later_triage() {
    String farFuture = "\"+1000000000-12-31T23:59:59Z\"";
    assertProblem(
        TRIAGE,
        http.postJson(TRIAGE, "{\"subject\":\"vpn\",\"createdAt\":" + farFuture + "}"),
        400,
        "invalid-ticket");
    assertProblem(
        TICKETS,
        http.postJson(
            TICKETS, "{\"id\":\"F-1\",\"subject\":\"vpn\",\"resolvedAt\":" + farFuture + "}"),
        400,
        "invalid-ticket");
    assertHandled(TRIAGE, http.postJson(TRIAGE, "{\"subject\":\"vpn\",\"createdAt\":1e400}"));
    // The bug this guards: one far-future createdAt entered the incident window and every later
    // triage of the tenant failed with 500 as the window's expiry overflowed. serviceStillTriages()
    // checks the demo tenant.
  }

  // --- nesting
  // -------------------------------------------------------------------------------------------------

  @Test
  void deeply_nested_json_is_refused_without_exhausting_the_stack() {
    String deep = "[".repeat(100_000);
    assertProblem(TRIAGE, http.postJson(TRIAGE, deep), 413, "payload-too-large");
    assertThat(
            assertProblem(TICKETS, http.postJson(TICKETS, deep), 400, "malformed-body")
                .path("detail")
                .asString())
        .startsWith("The request body is nested deeper than 500 levels");
    assertThat(
            assertProblem(
                    TRIAGE,
                    http.postJson(TRIAGE, "{\"subject\":" + "9".repeat(5_000) + "}"),
                    400,
                    "malformed-body")
                .path("detail")
                .asString())
        .contains("number longer than");
    for (String path : KEY_PATHS) {
      assertProblem(path, http.postJson(path, deep), 413, "payload-too-large");
      assertProblem(path, http.postJson(path, "[".repeat(10_000)), 400, "malformed-body");
      assertProblem(
          path, http.postJson(path, "{\"name\":" + "[".repeat(5_000)), 400, "malformed-body");
    }
    String deepObject = "{\"subject\":" + "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_001);
    assertProblem(TRIAGE, http.postJson(TRIAGE, deepObject), 400, "malformed-body");
    assertProblem(TICKETS, http.postJson(TICKETS, "[" + deepObject + "]"), 400, null);
  }

  // --- wrong types
  // ---------------------------------------------------------------------------------------------

  @Test
  void a_wrong_type_in_any_field_is_a_4xx_problem_or_a_coerced_value() {
    List<String> wrong =
        List.of(
            "1",
            "-1e309",
            "1e400",
            "true",
            "null",
            "[]",
            "{}",
            "[\"a\"]",
            "{\"a\":1}",
            "\"\"",
            "\"9999-99-99\"",
            "12345678901234567890123456789",
            "\"" + "x".repeat(5_000) + "\"");
    for (var endpoint :
        Map.of(TRIAGE, TRIAGE_BODY, TICKETS, TICKET_BODY, KEY_PATHS.getFirst(), "{\"name\":\"ci\"}")
            .entrySet()) {
      JsonNode valid = Http.JSON.readTree(endpoint.getValue());
      for (String field : valid.propertyNames()) {
        for (String value : wrong) {
          String body =
              endpoint
                  .getValue()
                  .replaceFirst(
                      "\"" + field + "\":(\"[^\"]*\")",
                      "\"" + field + "\":" + java.util.regex.Matcher.quoteReplacement(value));
          assertHandled(
              endpoint.getKey() + " " + field + "=" + value,
              http.postJson(endpoint.getKey(), body));
        }
      }
      for (String whole : List.of("null", "1", "\"s\"", "true", "[]", "[1]", "[null]", "{}", "")) {
        assertHandled(
            endpoint.getKey() + " body " + whole, http.postJson(endpoint.getKey(), whole));
      }
    }
  }

  @Test
  void hostile_content_type_and_accept_headers_are_answered_as_problems_or_served() {
    for (String accept :
        List.of("text/html", "application/xml", "*/*;q=0", "garbage///", "application/json;q=x")) {
      assertHandled(
          "Accept " + accept, http.post(TRIAGE, "application/json", TRIAGE_BODY, "Accept", accept));
      assertHandled(
          "Accept " + accept, http.post(TICKETS, "application/json", "{", "Accept", accept));
    }
    // The bug this guards: an Accept header that cannot be parsed got a 406 with no body at all.
    assertProblem(
        TRIAGE,
        http.post(TRIAGE, "application/json", TRIAGE_BODY, "Accept", "garbage///"),
        406,
        "not-acceptable");
    for (String type :
        List.of(
            "application/json; charset=nonsense",
            "application/json; charset=UTF-16",
            ";;;",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x")) {
      assertHandled("Content-Type " + type, http.post(TRIAGE, type, TRIAGE_BODY));
      assertHandled("Content-Type " + type, http.post(TICKETS, type, TICKET_BODY));
    }
  }

  // --- seeded byte mutations
  // -----------------------------------------------------------------------------------

  @Test
  void seeded_mutations_of_valid_json_bodies_are_answered_as_problems_or_accepted() {
    Random random = new Random(SEED);
    String batch = "[" + TICKET_BODY + "," + TICKET_BODY.replace("H-1", "H-2") + "]";
    Map<String, String> valid =
        Map.of(TRIAGE, TRIAGE_BODY, TICKETS, batch, KEY_PATHS.get(1), "{\"name\":\"ci\"}");
    for (String path : List.of(TRIAGE, TICKETS, KEY_PATHS.get(1))) {
      int accepted = 0;
      int refused = 0;
      byte[] original = valid.get(path).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < MUTANTS_PER_ENDPOINT; i++) {
        Reply reply = send(path, Mutations.mutate(original, random));
        assertHandled(path + " mutant " + i, reply);
        if (reply.status() < 300) {
          accepted++;
        } else {
          refused++;
        }
      }
      // Both outcomes must occur, or the mutations were too mild or too wild to test anything.
      assertThat(accepted).as(path).isPositive();
      assertThat(refused).as(path).isPositive();
    }
  }

  @Test
  void hostile_incident_and_ticket_ids_in_the_path_are_problems() {
    http.postJson(TICKETS, TICKET_BODY); // so that the tenant exists and ids reach the lookup
    Random random = new Random(SEED);
    List<String> fixed =
        List.of(
            "%00",
            "%FF",
            "%C0%80",
            "%ED%A0%80",
            "a%2Fb",
            "a%5Cb",
            "..",
            "%2e%2e",
            "a;b=c",
            "%25",
            "x".repeat(7_000),
            "y".repeat(20_000),
            "%E2%82");
    for (int i = 0; i < fixed.size() + MUTANTS_PER_ENDPOINT; i++) {
      String id = i < fixed.size() ? fixed.get(i) : randomEncodedId(random);
      for (String verb : List.of("confirm", "dismiss")) {
        String path = "/v1/tenants/demo/incidents/" + id + "/" + verb;
        Reply reply = http.send("POST", path, null, null);
        assertHandled(path, reply);
        assertThat(reply.status()).as(path).isIn(400, 404);
      }
      Reply ticket = http.get(TICKETS + "/" + id);
      assertHandled(id, ticket);
      assertThat(ticket.status()).as(id).isIn(400, 404);
    }
    assertProblem(
        "/v1/tenants/demo/incidents/%FF/confirm",
        http.send("POST", "/v1/tenants/demo/incidents/%FF/confirm", null, null),
        400,
        "malformed-request");
  }

  /**
   * Errors the servlet container answers itself, before or around Spring MVC, are problems like
   * every other: the bugs this guards answered a transfer encoding Tomcat does not know with 501
   * {@code internal-error}, and a broken chunk and TRACE with Spring Boot's {@code {"timestamp",
   * ...}} body.
   */
  @Test
  void errors_the_container_answers_are_problems_with_a_documented_type() {
    String head =
        "POST "
            + TRIAGE
            + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + Http.ADMIN_KEY
            + "\r\nContent-Type: application/json\r\nConnection: close\r\n";

    for (String path : List.of("/", TRIAGE, "/actuator/health")) {
      http.raw(
              "TRACE "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + Http.ADMIN_KEY
                  + "\r\nConnection: close\r\n\r\n")
          .assertProblem(405, "method-not-allowed", path);
    }
    http.raw(head + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n" + TRIAGE_BODY + "\r\n0\r\n\r\n")
        .assertProblem(400, "malformed-request", TRIAGE);
    http.raw(head + "Transfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        .assertProblem(501, "not-implemented", TRIAGE);
    http.get("/error").assertProblem(404, "not-found", "/error");
  }

  // --- CSV history
  // ---------------------------------------------------------------------------------------------

  @Test
  void hostile_csv_uploads_skip_rows_or_refuse_the_file_but_never_fail() {
    JsonNode unbalanced = importCsv("id,subject\nQ-1,\"never closed\nQ-2,fine\nQ-3,fine too\n");
    assertThat(unbalanced.path("imported").asInt()).isEqualTo(2);
    assertThat(unbalanced.path("skippedRows").get(0).path("reason").asString())
        .startsWith("unbalanced quote");

    byte[] wideRow = bytes("id,subject\nW-1,", ",".repeat(1_000_000), "\nW-2,fine\n");
    JsonNode wide = importCsv(wideRow);
    assertThat(wide.path("imported").asInt()).isEqualTo(1);
    assertThat(wide.path("skippedRows").get(0).path("line").asInt()).isEqualTo(2);

    assertProblem(
        HISTORY,
        upload(bytes("id,subject", ",x".repeat(1_000_000), "\n1,a\n")),
        400,
        "invalid-history");

    JsonNode longField =
        importCsv(bytes("id,subject\nF-1,", "f".repeat(2_000_000), "\nF-2,fine\n"));
    assertThat(longField.path("imported").asInt()).isEqualTo(1);

    JsonNode longId =
        importCsv("id,subject\n" + "I".repeat(Ticket.MAX_ID_CHARS + 1) + ",too long\nI-2,fine\n");
    assertThat(longId.path("imported").asInt()).isEqualTo(1);

    JsonNode badUtf8 =
        importCsv(
            bytes(
                "id,subject,body\nB-1,a",
                new byte[] {
                  (byte) 0xFF, 0, (byte) 0xC0, (byte) 0x80, (byte) 0xED, (byte) 0xA0, (byte) 0x80
                },
                "b,",
                new byte[] {(byte) 0xE2, (byte) 0x82},
                "\n"));
    assertThat(badUtf8.path("imported").asInt()).isEqualTo(1);
    String subject =
        http.get("/v1/tenants/hostile-history/tickets/B-1").json().path("subject").asString();
    assertThat(subject).startsWith("a\uFFFD").endsWith("b").doesNotContain("\u0000");
    assertWellFormed(subject);

    for (var option :
        Map.of("dateFormat", "{".repeat(100_000), "mapping", "m".repeat(100_000)).entrySet()) {
      JsonNode problem =
          assertProblem(
              HISTORY,
              http.multipart(
                  HISTORY,
                  "export.csv",
                  CSV.getBytes(StandardCharsets.UTF_8),
                  Map.of(option.getKey(), option.getValue())),
              400,
              "invalid-parameter");
      assertThat(problem.path("parameter").asString()).isEqualTo(option.getKey());
      assertThat(problem.path("detail").asString())
          .as("a bad option is quoted only in part")
          .hasSizeLessThan(1_000);
    }
    assertProblem(HISTORY, upload(new byte[0]), 400, "invalid-history");
    assertProblem(HISTORY, upload(binary(new Random(SEED), 4_096)), 400, "invalid-history");
    assertProblem(
        HISTORY,
        upload(bytes("id,subject\n", "p".repeat(HISTORY_LIMIT + 1))),
        413,
        "payload-too-large");
  }

  @Test
  void seeded_mutations_of_a_valid_csv_upload_are_imported_or_refused() {
    Random random = new Random(SEED);
    int imported = 0;
    int refused = 0;
    for (int i = 0; i < MUTANTS_PER_ENDPOINT / 3; i++) {
      Reply reply = upload(Mutations.mutate(CSV.getBytes(StandardCharsets.UTF_8), random));
      assertHandled("csv mutant " + i, reply);
      if (reply.status() == 202) {
        JsonNode job = http.awaitJob(reply);
        assertThat(job.path("state").asString())
            .as("csv mutant %d: %s", i, job)
            .isEqualTo("succeeded");
        imported += job.path("imported").asInt();
      } else {
        refused++;
      }
    }
    assertThat(imported).isPositive();
    assertThat(refused).isPositive();
  }

  @Test
  void broken_multipart_framing_is_a_malformed_body_problem() {
    String part =
        "Content-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nid,subject\n1,a";
    Map<String, byte[]> broken =
        Map.of(
            "multipart/form-data",
            bytes("--b\r\n", part, "\r\n--b--\r\n"), // no boundary
            "multipart/form-data; boundary=b",
            bytes("--b\r\n", part), // cut off mid-part
            "multipart/form-data; boundary=c",
            bytes("--c\r\n\r\nid,subject\n1,a\r\n--c--\r\n"), // no disposition
            "multipart/form-data; boundary=" + "d".repeat(5_000),
            bytes("--", "d".repeat(5_000), "\r\n"),
            "multipart/form-data; boundary=e",
            bytes(
                "--e\r\nContent-Disposition: form-data; name=\"file\"; filename=\"",
                new byte[] {(byte) 0xFF, 0},
                ".csv\"\r\n\r\nid,subject\n1,a\r\n--e--\r\n"));
    for (var request : broken.entrySet()) {
      assertProblem(
          request.getKey(),
          http.send("POST", HISTORY, request.getKey(), request.getValue()),
          400,
          "malformed-body");
    }
  }

  @Test
  void seeded_mutations_of_a_whole_multipart_request_are_answered_as_problems_or_accepted() {
    Random random = new Random(SEED);
    String boundary = "sift-fuzz-boundary";
    byte[] valid =
        bytes(
            "--",
            boundary,
            "\r\nContent-Disposition: form-data; name=\"mapping\"\r\n\r\n",
            "id=id,subject=subject\r\n--",
            boundary,
            "\r\nContent-Disposition: form-data; name=\"file\"; ",
            "filename=\"export.csv\"\r\nContent-Type: text/csv\r\n\r\n",
            CSV,
            "\r\n--",
            boundary,
            "--\r\n");
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < MUTANTS_PER_ENDPOINT / 3; i++) {
      Reply reply =
          http.send(
              "POST",
              HISTORY,
              "multipart/form-data; boundary=" + boundary,
              Mutations.mutate(valid, random));
      assertHandled("multipart mutant " + i, reply);
      if (reply.status() < 300) {
        accepted++;
      } else {
        refused++;
      }
    }
    assertThat(accepted).isPositive();
    assertThat(refused).isPositive();
  }

  // --- helpers
  // -------------------------------------------------------------------------------------------------

  /** 2xx, or a 4xx RFC 9457 problem with a Sift type; never anything else. */
  private static void assertHandled(String what, Reply reply) {
    assertThat(reply.status()).as("%s -> %s", what, abbreviate(reply.body())).isBetween(200, 499);
    if (reply.status() >= 400) {
      assertThat(reply.contentType()).as(what).startsWith("application/problem+json");
      JsonNode problem = reply.json();
      assertThat(SIFT_TYPES).as(what).contains(problem.path("type").asString());
      assertThat(problem.path("status").asInt()).as(what).isEqualTo(reply.status());
      assertThat(problem.path("detail").asString())
          .as(what)
          .isNotBlank()
          .doesNotContain("Exception");
    }
  }

  /** A problem with this status and, unless {@code slug} is null, this type. */
  private static JsonNode assertProblem(String what, Reply reply, int status, String slug) {
    assertHandled(what, reply);
    assertThat(reply.status()).as("%s -> %s", what, abbreviate(reply.body())).isEqualTo(status);
    JsonNode problem = reply.json();
    if (slug != null) {
      assertThat(problem.path("type").asString()).as(what).isEqualTo(ProblemType.BASE + slug);
    }
    return problem;
  }

  private static void assertWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else {
        assertThat(Character.isSurrogate(c)).as("unpaired surrogate at %d", i).isFalse();
        assertThat(c < 0x20 && c != '\n' && c != '\t').as("control char at %d", i).isFalse();
      }
    }
  }

  private String storedSubject(String id) {
    Reply reply = http.get(TICKETS + "/" + id);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().path("subject").asString();
  }

  private Reply send(String path, byte[] body) {
    return http.send("POST", path, "application/json", body);
  }

  private Reply upload(byte[] csv) {
    return http.multipart(HISTORY, "export.csv", csv, Map.of());
  }

  private JsonNode importCsv(String csv) {
    return importCsv(csv.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Imports through the job an upload now is, and returns the ended job with its counts and skipped
   * rows.
   */
  private JsonNode importCsv(byte[] csv) {
    JsonNode job = http.importHistory(HISTORY, "export.csv", csv, Map.of());
    assertThat(job.path("state").asString()).as(abbreviate(job.toString())).isEqualTo("succeeded");
    return job;
  }

  /** Every byte percent-encoded, so that any value reaches the server as a valid URI. */
  private static String randomEncodedId(Random random) {
    byte[] raw = binary(random, 1 + random.nextInt(40));
    StringBuilder out = new StringBuilder();
    for (byte b : raw) {
      out.append('%').append(String.format("%02X", b & 0xFF));
    }
    return out.toString();
  }

  private static byte[] binary(Random random, int length) {
    byte[] raw = new byte[length];
    random.nextBytes(raw);
    return raw;
  }

  /** Space-separated words of about {@code chars} chars, so the tokenizer sees realistic text. */
  private static String words(int chars) {
    StringBuilder out = new StringBuilder(chars);
    while (out.length() + 8 < chars) {
      out.append("network ");
    }
    return out.toString().strip();
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      out.writeBytes(
          part instanceof byte[] b ? b : ((String) part).getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static String abbreviate(String s) {
    return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
