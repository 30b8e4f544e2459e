package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.sift.service.Http.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The Zammad, Jira Service Management and generic connectors over real HTTP, against the demo
 * tenant (real ONNX model, real Lucene index). The recorded webhook payloads under {@code
 * connectors/} are posted as the platforms post them, signed or not; a local HTTP server stands in
 * for Zammad's and Jira's REST APIs and records every write-back call. One Spring context serves
 * every test, each on its own ticket.
 *
 * <p>On the demo tenant category and subcategory are confident for these tickets while priority and
 * assignment group abstain (their backtests never reach 0.9 precision), so each test sees both
 * kinds of field.
 */
@TestPropertySource(
    properties = {
      "sift.demo.enabled=true",
      "sift.connectors.write-back.initial-backoff=50ms",
      "sift.connectors.zammad.desk.tenant=demo",
      "sift.connectors.zammad.desk.token=" + ConnectorsIT.ZAMMAD_TOKEN,
      "sift.connectors.zammad.desk.secret=" + ConnectorsIT.ZAMMAD_SECRET,
      "sift.connectors.zammad.desk.store-tickets=true",
      "sift.connectors.zammad.desk.group.field=category",
      "sift.connectors.zammad.desk.group.values.Network=Network & VPN",
      "sift.connectors.zammad.desk.group.values.Email=Messaging",
      "sift.connectors.zammad.fuzz.tenant=demo",
      "sift.connectors.zammad.fuzz.token=" + ConnectorsIT.ZAMMAD_TOKEN,
      "sift.connectors.zammad.fuzz.secret=" + ConnectorsIT.ZAMMAD_SECRET,
      "sift.connectors.zammad.fuzz.write-back=false",
      "sift.connectors.zammad.fuzz.base-url=http://127.0.0.1:9",
      "sift.connectors.zammad.plain.tenant=demo",
      "sift.connectors.zammad.plain.token=" + ConnectorsIT.ZAMMAD_TOKEN,
      "sift.connectors.zammad.plain.secret=" + ConnectorsIT.ZAMMAD_SECRET,
      "sift.connectors.jira.itsm.tenant=demo",
      "sift.connectors.jira.itsm.email=sift-bot@acme.example",
      "sift.connectors.jira.itsm.api-token=" + ConnectorsIT.JIRA_TOKEN,
      "sift.connectors.jira.itsm.secret=" + ConnectorsIT.JIRA_SECRET,
      "sift.connectors.jira.itsm.components.field=category",
      "sift.connectors.jira.itsm.components.values.Email=Email & Calendar",
      "sift.connectors.jira.itsm.priority.values.P1=Highest",
      "sift.connectors.jira.itsm.priority.values.P2=High",
      "sift.connectors.jira.itsm.priority.values.P3=Medium",
      "sift.connectors.jira.itsm.priority.values.P4=Low",
      "sift.connectors.jira.itsm.request-type.field=subcategory",
      "sift.connectors.jira.itsm.request-type.values.Outlook=itsm/email-help",
      "sift.connectors.generic.helpdesk.tenant=demo",
      "sift.connectors.generic.helpdesk.token=" + ConnectorsIT.GENERIC_TOKEN,
      "sift.connectors.generic.helpdesk.fields.id=/ticket/display_id",
      "sift.connectors.generic.helpdesk.fields.subject=/ticket/subject",
      "sift.connectors.generic.helpdesk.fields.body=/ticket/description_text",
      "sift.connectors.generic.helpdesk.fields.requester=/ticket/requester/email",
      "sift.connectors.generic.helpdesk.fields.createdAt=/ticket/created_at"
    })
class ConnectorsIT extends RunningService {

  static final String ZAMMAD_TOKEN = "zammad-agent-token-1";
  static final String ZAMMAD_SECRET = "zammad-hmac-secret";
  static final String JIRA_TOKEN = "jira-api-token-1";
  static final String JIRA_SECRET = "jira-webhook-secret";
  static final String GENERIC_TOKEN = "generic-shared-token";
  private static final Duration WRITE_BACK = Duration.ofSeconds(30);

  /** Seed of the payload fuzz loop. */
  private static final long SEED = 0x5EED_C0DEL;

  private static final int MUTANTS = 80;
  private static final String[] SPLICES = {
    "null",
    "[]",
    "{}",
    "\"\"",
    "1e999999",
    "-0",
    "\"\\u0000\"",
    "true",
    "{\"id\": {}}",
    "\"\uD83D\uDE00\""
  };

  private static HttpServer platform;

  /** Every call the stand-in platform received. */
  private static final List<Received> received = new CopyOnWriteArrayList<>();

  /** Paths that answer 503 this many more times before they accept. */
  private static final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

  record Received(
      String method, String path, String authorization, String contentType, JsonNode body) {}

  Http anonymous;

  @BeforeAll
  static void startPlatform() throws IOException {
    platform = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    platform.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getRawPath();
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  path,
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  Http.JSON.readTree(body)));
          AtomicInteger failures = failuresLeft.get(path);
          int status = failures != null && failures.getAndDecrement() > 0 ? 503 : 200;
          byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    platform.start();
  }

  @AfterAll
  static void stopPlatform() {
    platform.stop(0);
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    String base = "http://127.0.0.1:" + platform.getAddress().getPort();
    registry.add("sift.connectors.zammad.desk.base-url", () -> base + "/zammad");
    registry.add("sift.connectors.zammad.plain.base-url", () -> base + "/plain");
    registry.add("sift.connectors.jira.itsm.base-url", () -> base + "/jira");
  }

  @BeforeEach
  void client() {
    anonymous = http.withKey(null);
  }

  // --- Zammad
  // ---------------------------------------------------------------------------------------------------

  @Test
  void
      a_zammad_ticket_gets_its_confident_fields_tags_and_an_internal_note_but_not_the_abstained_priority() {
    String payload = fixture("zammad-ticket-created.json");

    Reply reply =
        anonymous.post(
            "/v1/connectors/zammad/desk",
            "application/json",
            payload,
            "X-Hub-Signature",
            sign("HmacSHA1", "sha1=", ZAMMAD_SECRET, payload));

    assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    JsonNode answer = reply.json();
    assertThat(answer.path("status").asString()).isEqualTo("write-back-queued");
    assertThat(answer.path("ticket").asString()).isEqualTo("81");
    assertThat(answer.path("stored").asBoolean()).isTrue();
    JsonNode suggestions = answer.path("triage").path("suggestions");
    assertThat(suggestions.path("category").path("value").asString()).isEqualTo("Network");
    assertThat(suggestions.path("priority").path("abstained").asBoolean()).isTrue();

    List<Received> calls = awaitCalls("/zammad/", "81", 4);
    assertThat(calls)
        .allSatisfy(
            c -> {
              assertThat(c.authorization()).isEqualTo("Token token=" + ZAMMAD_TOKEN);
              assertThat(c.contentType()).isEqualTo("application/json");
            });
    Received update = calls.get(0);
    assertThat(update.method() + " " + update.path()).isEqualTo("PUT /zammad/api/v1/tickets/81");
    assertThat(update.body().path("group").asString()).isEqualTo("Network & VPN");
    assertThat(update.body().has("priority")).as("abstained priority is not applied").isFalse();
    assertThat(calls.subList(1, 3))
        .allSatisfy(
            c -> {
              assertThat(c.method() + " " + c.path()).isEqualTo("POST /zammad/api/v1/tags/add");
              assertThat(c.body().path("object").asString()).isEqualTo("Ticket");
              assertThat(c.body().path("o_id").asInt()).isEqualTo(81);
            });
    assertThat(calls.subList(1, 3).stream().map(c -> c.body().path("item").asString()))
        .containsExactly("Network", "VPN");
    Received note = calls.get(3);
    assertThat(note.method() + " " + note.path()).isEqualTo("POST /zammad/api/v1/ticket_articles");
    assertThat(note.body().path("ticket_id").asInt()).isEqualTo(81);
    assertThat(note.body().path("internal").asBoolean()).isTrue();
    assertThat(note.body().path("type").asString()).isEqualTo("note");
    String text = note.body().path("body").asString();
    String priorityGuess =
        suggestions.path("priority").path("alternatives").get(0).path("value").asString();
    assertThat(text)
        .contains("category: Network (")
        .contains("set as group 'Network & VPN'")
        .contains("priority: Sift is unsure: best guess " + priorityGuess + " (")
        .contains("Expected time to resolve: ")
        .contains("Similar past tickets: " + answer.at("/triage/neighbours/0/ticketId").asString());

    Reply stored = http.get("/v1/tenants/demo/tickets/31081");
    assertThat(stored.status()).as(stored.body()).isEqualTo(200);
    assertThat(stored.json().path("subject").asString())
        .isEqualTo("VPN connects but network drives are missing");
    assertThat(stored.json().path("requester").asString()).isEqualTo("olivia.hughes@acme.example");
  }

  @Test
  void
      with_the_default_mapping_a_zammad_ticket_keeps_its_group_and_priority_when_sift_abstains_on_both() {
    String payload =
        fixture("zammad-ticket-created.json")
            .replace("\"id\": 81,", "\"id\": 82,")
            .replace("\"number\": \"31081\"", "\"number\": \"31082\"");

    Reply reply =
        anonymous.post(
            "/v1/connectors/zammad/plain",
            "application/json",
            payload,
            "X-Hub-Signature",
            sign("HmacSHA1", "sha1=", ZAMMAD_SECRET, payload));

    assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    assertThat(
            reply
                .json()
                .path("triage")
                .path("suggestions")
                .path("assignmentGroup")
                .path("abstained")
                .asBoolean())
        .isTrue();
    List<Received> calls = awaitCalls("/plain/", "82", 3);
    assertThat(calls)
        .extracting(c -> c.method() + " " + c.path())
        .containsExactly(
            "POST /plain/api/v1/tags/add",
            "POST /plain/api/v1/tags/add",
            "POST /plain/api/v1/ticket_articles");
    assertThat(calls.get(2).body().path("body").asString())
        .contains("assignmentGroup: Sift is unsure: best guess ");
    assertThat(http.get("/v1/tenants/demo/tickets/31082").status()).isEqualTo(404);
  }

  @Test
  void a_zammad_webhook_with_a_missing_wrong_or_stale_signature_is_refused_and_writes_nothing() {
    String payload = fixture("zammad-ticket-created.json").replace("\"id\": 81,", "\"id\": 83,");
    String path = "/v1/connectors/zammad/desk";
    String valid = sign("HmacSHA1", "sha1=", ZAMMAD_SECRET, payload);

    anonymous.post(path, "application/json", payload).assertProblem(401, "invalid-signature", path);
    anonymous
        .post(
            path,
            "application/json",
            payload,
            "X-Hub-Signature",
            sign("HmacSHA1", "sha1=", "guess", payload))
        .assertProblem(401, "invalid-signature", path);
    anonymous
        .post(
            path,
            "application/json",
            payload.replace("VPN connects", "VPN connected"),
            "X-Hub-Signature",
            valid)
        .assertProblem(401, "invalid-signature", path);
    anonymous
        .post(
            path,
            "application/json",
            payload,
            "X-Hub-Signature",
            sign("HmacSHA256", "sha256=", ZAMMAD_SECRET, payload))
        .assertProblem(401, "invalid-signature", path);

    // A valid one afterwards goes through, so nothing for ticket 83 before it came from the refused
    // ones.
    assertThat(anonymous.post(path, "application/json", payload, "X-Hub-Signature", valid).status())
        .isEqualTo(202);
    assertThat(awaitCalls("/zammad/", "83", 4))
        .extracting(Received::path)
        .containsOnlyOnce("/zammad/api/v1/tickets/83", "/zammad/api/v1/ticket_articles");
  }

  @Test
  void an_unparseable_or_foreign_payload_is_a_400_and_an_unknown_connector_a_404() {
    String path = "/v1/connectors/zammad/desk";
    String broken = "{\"ticket\": {\"id\": 84, ";
    anonymous
        .post(
            path,
            "application/json",
            broken,
            "X-Hub-Signature",
            sign("HmacSHA1", "sha1=", ZAMMAD_SECRET, broken))
        .assertProblem(400, "malformed-body", path);
    String foreign = "{\"issue\": {\"key\": \"X-1\"}}";
    anonymous
        .post(
            path,
            "application/json",
            foreign,
            "X-Hub-Signature",
            sign("HmacSHA1", "sha1=", ZAMMAD_SECRET, foreign))
        .assertProblem(400, "malformed-body", path);
    String empty = "{\"ticket\": {\"id\": 85, \"title\": \" \"}}";
    anonymous
        .post(
            path,
            "application/json",
            empty,
            "X-Hub-Signature",
            sign("HmacSHA1", "sha1=", ZAMMAD_SECRET, empty))
        .assertProblem(400, "invalid-ticket", path);

    anonymous
        .post("/v1/connectors/zammad/nobody", "application/json", "{}")
        .assertProblem(404, "unknown-connector", "/v1/connectors/zammad/nobody");
  }

  @Test
  void only_the_webhook_post_skips_the_api_key_every_other_connector_request_still_needs_one() {
    anonymous
        .get("/v1/connectors/zammad/desk")
        .assertProblem(401, "unauthorized", "/v1/connectors/zammad/desk");
    anonymous
        .post("/v1/connectors/zammad/desk/extra", "application/json", "{}")
        .assertProblem(401, "unauthorized", "/v1/connectors/zammad/desk/extra");
    anonymous
        .post("/v1/connectors/other/desk", "application/json", "{}")
        .assertProblem(401, "unauthorized", "/v1/connectors/other/desk");

    // The API description says so too: no bearer key, a JSON body and the signature header.
    JsonNode zammad =
        anonymous.get("/v3/api-docs").json().at("/paths/~1v1~1connectors~1zammad~1{name}/post");
    assertThat(zammad.path("security").isArray()).isTrue();
    assertThat(zammad.path("security").isEmpty()).isTrue();
    assertThat(zammad.at("/requestBody/content").has("application/json")).isTrue();
    assertThat(zammad.path("parameters").toString()).contains("X-Hub-Signature");
  }

  @Test
  void signed_but_mangled_zammad_payloads_get_a_400_problem_or_a_triage_never_a_server_error()
      throws Exception {
    byte[] original = fixture("zammad-ticket-created.json").getBytes(StandardCharsets.UTF_8);
    Random random = new Random(SEED);
    HttpClient client = HttpClient.newHttpClient();
    Map<Integer, Integer> statuses = new TreeMap<>();

    for (int i = 0; i < MUTANTS; i++) {
      byte[] mutant = mutate(original, random);
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + port + "/v1/connectors/zammad/fuzz"))
                  .header("Content-Type", "application/json")
                  .header("X-Hub-Signature", sign("HmacSHA1", "sha1=", ZAMMAD_SECRET, mutant))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(mutant))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      statuses.merge(response.statusCode(), 1, Integer::sum);
      assertThat(response.statusCode()).as("mutant %d: %s", i, response.body()).isIn(200, 400);
      if (response.statusCode() == 400) {
        assertThat(Http.JSON.readTree(response.body()).path("type").asString())
            .as("mutant %d", i)
            .isIn(
                "https://sift.dev/problems/malformed-body",
                "https://sift.dev/problems/invalid-ticket");
      }
    }
    assertThat(statuses).as("both outcomes occur with seed %s", SEED).containsKeys(200, 400);
  }

  /**
   * One random change: a cut, a replaced or deleted run of bytes, or another JSON value spliced in.
   */
  private static byte[] mutate(byte[] original, Random random) {
    String text = new String(original, StandardCharsets.UTF_8);
    int at = random.nextInt(original.length);
    return switch (random.nextInt(4)) {
      case 0 -> Arrays.copyOf(original, at);
      case 1 -> {
        byte[] copy = original.clone();
        copy[at] = (byte) random.nextInt(256);
        yield copy;
      }
      case 2 -> {
        String cut =
            text.substring(0, Math.min(at, text.length()))
                + text.substring(Math.min(text.length(), at + 1 + random.nextInt(40)));
        yield cut.getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        // Replace the value after a random key with another JSON value of any type.
        int colon = text.indexOf(": ", Math.min(at, text.length() - 1));
        if (colon < 0) {
          yield original;
        }
        int end = colon + 2;
        while (end < text.length() && ",}\n".indexOf(text.charAt(end)) < 0) {
          end++;
        }
        yield (text.substring(0, colon + 2)
                + SPLICES[random.nextInt(SPLICES.length)]
                + text.substring(end))
            .getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  // --- Jira Service Management
  // ----------------------------------------------------------------------------------

  @Test
  void a_jira_issue_gets_a_component_a_request_type_and_an_internal_comment_retried_after_a_503() {
    failuresLeft.put("/jira/rest/servicedeskapi/request/ITSM-142/comment", new AtomicInteger(1));
    String payload = fixture("jira-issue-created.json");

    Reply reply =
        anonymous.post(
            "/v1/connectors/jira/itsm",
            "application/json",
            payload,
            "X-Hub-Signature",
            sign("HmacSHA256", "sha256=", JIRA_SECRET, payload));

    assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    JsonNode suggestions = reply.json().path("triage").path("suggestions");
    assertThat(suggestions.path("category").path("value").asString()).isEqualTo("Email");
    assertThat(suggestions.path("subcategory").path("value").asString()).isEqualTo("Outlook");
    assertThat(suggestions.path("priority").path("abstained").asBoolean()).isTrue();

    List<Received> calls = awaitCalls("/jira/", "ITSM-142", 3);
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    ("sift-bot@acme.example:" + JIRA_TOKEN).getBytes(StandardCharsets.UTF_8));
    assertThat(calls).allSatisfy(c -> assertThat(c.authorization()).isEqualTo(basic));
    Received edit = calls.get(0);
    assertThat(edit.method() + " " + edit.path()).isEqualTo("PUT /jira/rest/api/3/issue/ITSM-142");
    assertThat(edit.body().at("/update/components/0/add/name").asString())
        .isEqualTo("Email & Calendar");
    assertThat(edit.body().at("/fields/customfield_10010").asString()).isEqualTo("itsm/email-help");
    assertThat(edit.body().path("fields").has("priority"))
        .as("abstained priority is not applied")
        .isFalse();
    assertThat(calls.subList(1, 3))
        .allSatisfy(
            c -> {
              assertThat(c.method() + " " + c.path())
                  .isEqualTo("POST /jira/rest/servicedeskapi/request/ITSM-142/comment");
              assertThat(c.body().path("public").asBoolean(true)).isFalse();
            });
    // Counted once the platform's answer is read, just after the stand-in recorded the call.
    await().atMost(WRITE_BACK).until(() -> writeBacks("jira/itsm", "ok") >= 2);
    assertThat(calls.get(2).body().path("body").asString())
        .contains("category: Email (")
        .contains("set as component 'Email & Calendar'")
        .contains("set as request type 'itsm/email-help'")
        .contains("priority: Sift is unsure: best guess ");
  }

  @Test
  void a_jira_webhook_needs_the_sha256_signature_and_other_events_are_ignored() {
    String path = "/v1/connectors/jira/itsm";
    String payload = fixture("jira-issue-created.json").replace("ITSM-142", "ITSM-143");

    anonymous.post(path, "application/json", payload).assertProblem(401, "invalid-signature", path);
    anonymous
        .post(
            path,
            "application/json",
            payload,
            "X-Hub-Signature",
            sign("HmacSHA1", "sha1=", JIRA_SECRET, payload))
        .assertProblem(401, "invalid-signature", path);
    String updated = payload.replace("jira:issue_created", "jira:issue_updated");
    Reply ignored =
        anonymous.post(
            path,
            "application/json",
            updated,
            "X-Hub-Signature",
            sign("HmacSHA256", "sha256=", JIRA_SECRET, updated));

    assertThat(ignored.status()).as(ignored.body()).isEqualTo(200);
    assertThat(ignored.json().path("status").asString()).isEqualTo("ignored");
    assertThat(received).noneMatch(c -> c.path().contains("ITSM-143"));
  }

  @Test
  void a_delivery_jira_sends_again_is_not_written_back_twice() {
    String payload = fixture("jira-issue-created.json").replace("ITSM-142", "ITSM-144");
    String signature = sign("HmacSHA256", "sha256=", JIRA_SECRET, payload);
    String path = "/v1/connectors/jira/itsm";

    Reply first =
        anonymous.post(
            path,
            "application/json",
            payload,
            "X-Hub-Signature",
            signature,
            "X-Atlassian-Webhook-Identifier",
            "delivery-1");
    awaitCalls("/jira/", "ITSM-144", 2);
    Reply again =
        anonymous.post(
            path,
            "application/json",
            payload,
            "X-Hub-Signature",
            signature,
            "X-Atlassian-Webhook-Identifier",
            "delivery-1");
    Reply another =
        anonymous.post(
            path,
            "application/json",
            payload,
            "X-Hub-Signature",
            signature,
            "X-Atlassian-Webhook-Identifier",
            "delivery-2");

    assertThat(first.status()).as(first.body()).isEqualTo(202);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().path("status").asString()).isEqualTo("duplicate");
    assertThat(another.status()).as("a new delivery of the same issue is handled").isEqualTo(202);
    assertThat(awaitCalls("/jira/", "ITSM-144", 4))
        .extracting(Received::method)
        .containsExactly("PUT", "POST", "PUT", "POST");
  }

  // --- generic
  // ----------------------------------------------------------------------------------------------------

  @Test
  void
      a_generic_payload_is_mapped_by_pointers_and_answered_with_the_triage_when_the_token_matches() {
    String payload = fixture("generic-ticket-created.json");
    String path = "/v1/connectors/generic/helpdesk";

    Reply reply = anonymous.post(path, "application/json", payload, "X-Sift-Token", GENERIC_TOKEN);

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().path("ticket").asString()).isEqualTo("SR-7731");
    assertThat(reply.json().path("status").asString()).isEqualTo("triaged");
    assertThat(reply.json().at("/triage/suggestions/category/value").asString())
        .isEqualTo("Hardware");
    assertThat(reply.json().at("/triage/suggestions/subcategory/value").asString())
        .isEqualTo("Printer");
    anonymous
        .post(path, "application/json", payload, "X-Sift-Token", GENERIC_TOKEN + "x")
        .assertProblem(401, "invalid-signature", path);
    anonymous
        .post(path, "application/json", payload, "Authorization", "Bearer " + Http.ADMIN_KEY)
        .assertProblem(401, "invalid-signature", path);
  }

  // --- helpers
  // ----------------------------------------------------------------------------------------------------

  /**
   * The calls under {@code prefix} about one ticket (named in the path, or as Zammad's {@code o_id}
   * or {@code ticket_id} in the body), once there are {@code count} of them, in arrival order.
   */
  private static List<Received> awaitCalls(String prefix, String ticket, int count) {
    await().atMost(WRITE_BACK).until(() -> calls(prefix, ticket).size() >= count);
    return calls(prefix, ticket);
  }

  private static List<Received> calls(String prefix, String ticket) {
    return received.stream()
        .filter(
            c ->
                c.path().startsWith(prefix)
                    && (c.path().contains("/" + ticket + "/")
                        || c.path().endsWith("/" + ticket)
                        || c.body().path("o_id").asString().equals(ticket)
                        || c.body().path("ticket_id").asString().equals(ticket)))
        .toList();
  }

  /** {@code sift.connectors.writebacks} for a connector and outcome, as Prometheus scrapes it. */
  private double writeBacks(String connector, String outcome) {
    Matcher m =
        Pattern.compile(
                "sift_connectors_writebacks_total\\{connector=\""
                    + connector
                    + "\",outcome=\""
                    + outcome
                    + "\"[^}]*} ([0-9.E]+)")
            .matcher(http.get("/actuator/prometheus").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /**
   * The signature header a platform with this secret sends, computed here independently of the
   * service's code.
   */
  static String sign(String algorithm, String prefix, String secret, String body) {
    return sign(algorithm, prefix, secret, body.getBytes(StandardCharsets.UTF_8));
  }

  static String sign(String algorithm, String prefix, String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return prefix + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fixture(String name) {
    try (InputStream in = new ClassPathResource("connectors/" + name).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
