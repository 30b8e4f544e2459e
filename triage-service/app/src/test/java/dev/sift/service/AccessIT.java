package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.service.Http.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * API keys over real HTTP: every endpoint of tenant B, as the application registers them (so
 * endpoints added later are covered too), turns tenant A's key away with the same 403 whether B or
 * the thing asked for exists, and no answer to A ever carries B's tickets.
 */
@TestPropertySource(properties = "sift.limits.body-timeout=2s")
class AccessIT extends RunningService {

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  private static final String B_SECRET_SUBJECT = "Quarterly payroll export for tenant bravo only";

  private String tenantKey(String tenant) {
    Reply reply =
        http.postJson("/v1/admin/tenants/" + tenant + "/keys", Map.of("name", "test key"));
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    JsonNode body = reply.json();
    assertThat(body.path("tenant").asString()).isEqualTo(tenant);
    assertThat(body.path("kind").asString()).isEqualTo("TENANT");
    return body.path("key").asString();
  }

  private void seed(String tenant, String subject) {
    List<Map<String, String>> tickets = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tickets.add(
          Map.of(
              "id",
              tenant + "-" + i,
              "subject",
              subject + " " + i,
              "category",
              "Payroll",
              "assignmentGroup",
              "Finance"));
    }
    Reply reply = http.postJson("/v1/tenants/" + tenant + "/tickets", tickets);
    assertThat(reply.status()).as(reply.body()).isIn(200, 201);
  }

  @Test
  void requests_without_a_key_are_unauthorized_with_a_bearer_challenge() {
    Http anonymous = http.withKey(null);

    Reply reply = anonymous.postJson("/v1/tenants/anything/triage", Map.of("subject", "printer"));

    reply.assertProblem(401, "unauthorized", "/v1/tenants/anything/triage");
    assertThat(anonymous.get("/v1/admin/tenants").status()).isEqualTo(401);
    assertThat(http.withKey("sift_not-a-real-key").get("/v1/admin/tenants").status())
        .isEqualTo(401);
  }

  /**
   * The bug this guards: 240 clients trickling 1 MB bodies a byte every few seconds, without a key,
   * held every request thread (Tomcat read each refused body to its end), and health checks timed
   * out.
   */
  @Test
  void a_slow_body_holds_no_thread_with_or_without_a_key() {
    String head =
        "POST /v1/tenants/alpha/tickets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
            + "\r\nContent-Length: 1000000\r\n";
    String trickled = "[{\"id\":\"slow-1\",\"subject\":\"" + "s".repeat(100);

    // Without a key: refused at once, and the connection ends without the rest of the body being
    // read.
    Reply anonymous =
        http.trickle(head + "\r\n", trickled, Duration.ofMillis(500), Duration.ofSeconds(5));
    anonymous.assertProblem(401, "unauthorized", "/v1/tenants/alpha/tickets");
    assertThat(anonymous.header("Connection")).isEqualTo("close");
    // With one: the body has sift.limits.body-timeout (2 s here) to arrive, then the same.
    long start = System.nanoTime();
    Reply slow =
        http.trickle(
            head + "Authorization: Bearer " + Http.ADMIN_KEY + "\r\n\r\n",
            trickled,
            Duration.ofMillis(200),
            Duration.ofSeconds(15));
    slow.assertProblem(408, "body-timeout", "/v1/tenants/alpha/tickets");
    assertThat(slow.json().path("timeoutSeconds").asInt()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  /** Slow clients of the scenario: each sends a 1 MB body's head, then a byte a second. */
  private static final int SLOW_CLIENTS = 240;

  /**
   * A health check is answered within this while they trickle: 240 refusals at once cost up to
   * about a second on the shared two-core build machine; without the fix a check waited 17.6 s for
   * a request thread.
   */
  private static final Duration HEALTH_PROMPT = Duration.ofSeconds(3);

  private static final int HEALTH_CHECKS = 5;

  /**
   * The scenario at full width: 240 unauthenticated clients trickling 1 MB bodies while a
   * load balancer checks health. Each is refused at once and cut off, so no request thread waits on
   * them.
   */
  @Test
  void health_answers_promptly_while_240_unauthenticated_clients_trickle_bodies() throws Exception {
    String head =
        "POST /v1/tenants/alpha/tickets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
            + "\r\nContent-Length: 1000000\r\n\r\n";
    String trickled = "[{\"id\":\"slow\",\"subject\":\"" + "s".repeat(20);
    Http anonymous = http.withKey(null);
    // The first check initialises the health endpoint, which is not what is measured.
    assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
    List<java.util.concurrent.CompletableFuture<Reply>> slow = new ArrayList<>();
    try (var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      long start = System.nanoTime();
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        slow.add(
            java.util.concurrent.CompletableFuture.supplyAsync(
                () ->
                    anonymous.trickle(
                        head, trickled, Duration.ofSeconds(1), Duration.ofSeconds(15)),
                clients));
      }
      List<Duration> health = new ArrayList<>();
      for (int i = 0; i < HEALTH_CHECKS; i++) {
        long before = System.nanoTime();
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        health.add(Duration.ofNanos(System.nanoTime() - before));
        Thread.sleep(200);
      }

      assertThat(health)
          .as("health check times")
          .allSatisfy(d -> assertThat(d).isLessThan(HEALTH_PROMPT));
      for (var f : slow) {
        Reply r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        r.assertProblem(401, "unauthorized", "/v1/tenants/alpha/tickets");
        assertThat(r.header("Connection")).isEqualTo("close");
      }
      // Cut off long before their bodies (20 s of bytes each) could have arrived.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
  }

  @Test
  void health_and_api_docs_are_public() {
    Http anonymous = http.withKey(null);

    Reply health = anonymous.get("/actuator/health");
    assertThat(health.status()).isEqualTo(200);
    // Disk space is reported for the data directory, without its path or the working directory's.
    JsonNode disk = health.json().path("components").path("diskSpace");
    assertThat(disk.path("status").asString()).isEqualTo("UP");
    assertThat(disk.path("details").path("free").asLong()).isPositive();
    assertThat(health.body())
        .doesNotContain(dataDir.toAbsolutePath().toString())
        .doesNotContain(Path.of("").toAbsolutePath().toString())
        .doesNotContain("\"path\"");
    assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
    assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(401);
  }

  @Test
  void every_live_key_reads_what_it_is_and_never_its_secret() {
    String key = tenantKey("foxtrot");

    JsonNode own = http.withKey(key).get("/v1/key").json();
    JsonNode adminOwn = http.get("/v1/key").json();

    assertThat(own.path("kind").asString()).isEqualTo("TENANT");
    assertThat(own.path("tenant").asString()).isEqualTo("foxtrot");
    assertThat(own.path("name").asString()).isEqualTo("test key");
    assertThat(own.toString()).doesNotContain(key);
    assertThat(own.has("sha256")).isFalse();
    assertThat(adminOwn.path("kind").asString()).isEqualTo("ADMIN");
    assertThat(adminOwn.path("tenant").isNull()).isTrue();
    http.withKey(null).get("/v1/key").assertProblem(401, "unauthorized", "/v1/key");
  }

  @Test
  void the_console_files_need_no_key_but_every_call_they_make_does() {
    Http anonymous = http.withKey(null);

    Reply page = anonymous.get("/console/");
    Reply script = anonymous.get("/console/js/app.js");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("<title>Sift console</title>");
    assertThat(page.header("Content-Security-Policy"))
        .contains("script-src 'self'")
        .doesNotContain("unsafe");
    assertThat(script.status()).isEqualTo(200);
    assertThat(anonymous.get("/console").status()).isEqualTo(302);
    assertThat(anonymous.get("/v1/admin/tenants").status()).isEqualTo(401);
    // The public prefix is no way round the key.
    assertThat(anonymous.get("/console/../v1/admin/tenants").status()).isIn(400, 401, 404);
  }

  @Test
  void a_tenant_key_works_on_its_own_tenant() {
    String key = tenantKey("alpha-own");
    Http alpha = http.withKey(key);

    Reply upsert =
        alpha.postJson(
            "/v1/tenants/alpha-own/tickets",
            Map.of("id", "a-1", "subject", "VPN drops every hour", "category", "Network"));
    Reply triage =
        alpha.postJson("/v1/tenants/alpha-own/triage", Map.of("subject", "VPN keeps dropping"));
    Reply ticket = alpha.get("/v1/tenants/alpha-own/tickets/a-1");

    assertThat(upsert.status()).as(upsert.body()).isEqualTo(201);
    assertThat(triage.status()).as(triage.body()).isEqualTo(200);
    assertThat(ticket.json().path("subject").asString()).isEqualTo("VPN drops every hour");
  }

  @Test
  void every_tenant_endpoint_of_another_tenant_is_forbidden_without_revealing_what_exists() {
    seed("bravo", B_SECRET_SUBJECT);
    Http alpha = http.withKey(tenantKey("alpha"));
    List<String> checked = new ArrayList<>();

    for (Map.Entry<RequestMappingInfo, ?> entry : mappings.getHandlerMethods().entrySet()) {
      RequestMappingInfo info = entry.getKey();
      for (String pattern : info.getPatternValues()) {
        if (!pattern.contains("{tenant}")) {
          continue;
        }
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
          // The same answer for a tenant that exists and one that does not, and for existing and
          // missing ids.
          for (String tenant : List.of("bravo", "no-such-tenant")) {
            String path = pattern.replace("{tenant}", tenant).replaceAll("\\{[^}]+}", "bravo-0");
            Reply reply =
                alpha.send(
                    method.name(),
                    path,
                    "application/json",
                    "{\"subject\":\"payroll\"}".getBytes(StandardCharsets.UTF_8));
            reply.assertProblem(403, "forbidden", path);
            assertThat(reply.body()).doesNotContain(B_SECRET_SUBJECT).doesNotContain("bravo-0 ");
            checked.add(method + " " + path);
          }
        }
      }
    }

    assertThat(checked)
        .as("tenant endpoints found")
        .hasSizeGreaterThanOrEqualTo(10)
        .anyMatch(p -> p.contains("/triage"))
        .anyMatch(p -> p.contains("/tickets"))
        .anyMatch(p -> p.contains("/incidents"))
        .anyMatch(p -> p.contains("/history"));
  }

  @Test
  void
      without_a_key_every_endpoint_is_unauthorized_but_connector_webhooks_which_check_their_own_signature() {
    Http anonymous = http.withKey(null);
    List<String> checked = new ArrayList<>();

    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      for (String pattern : info.getPatternValues()) {
        if (pattern.startsWith("/v3/api-docs") || pattern.startsWith("/swagger-ui")) {
          continue; // public by design
        }
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
          String path = pattern.replaceAll("\\{[^}]+}", "x");
          Reply reply =
              anonymous.send(
                  method.name(),
                  path,
                  "application/json",
                  "{\"subject\":\"payroll\"}".getBytes(StandardCharsets.UTF_8));
          if (method == RequestMethod.POST && path.startsWith("/v1/connectors/")) {
            // Reaches the connector, which knows no connector 'x' and so never looks further.
            reply.assertProblem(404, "unknown-connector", path);
          } else {
            reply.assertProblem(401, "unauthorized", path);
          }
          checked.add(method + " " + path);
        }
      }
    }

    assertThat(checked)
        .as("endpoints found")
        .hasSizeGreaterThanOrEqualTo(20)
        .contains(
            "POST /v1/connectors/zammad/x",
            "POST /v1/connectors/jira/x",
            "POST /v1/connectors/generic/x")
        .contains("POST /v1/tenants/x/triage", "GET /v1/admin/tenants");
  }

  @Test
  void admin_endpoints_and_history_import_are_forbidden_to_tenant_keys() {
    Http charlie = http.withKey(tenantKey("charlie"));

    charlie.get("/v1/admin/tenants").assertProblem(403, "forbidden", "/v1/admin/tenants");
    charlie
        .postJson("/v1/admin/tenants/charlie/keys", "{}")
        .assertProblem(403, "forbidden", "/v1/admin/tenants/charlie/keys");
    charlie
        .multipart(
            "/v1/tenants/charlie/history",
            "h.csv",
            "id,subject\n1,x\n".getBytes(StandardCharsets.UTF_8),
            Map.of())
        .assertProblem(403, "forbidden", "/v1/tenants/charlie/history");
  }

  @Test
  void triage_of_own_tenant_never_carries_another_tenants_tickets() {
    seed("delta-other", B_SECRET_SUBJECT);
    seed("delta", "Printer jams on the third floor");
    Http delta = http.withKey(tenantKey("delta"));

    Reply reply =
        delta.postJson("/v1/tenants/delta/triage?k=50", Map.of("subject", B_SECRET_SUBJECT));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.body()).doesNotContain("payroll export").doesNotContain("delta-other");
    reply
        .json()
        .path("neighbours")
        .forEach(n -> assertThat(n.path("ticketId").asString()).startsWith("delta-"));
  }

  @Test
  void keys_are_shown_once_listed_without_secrets_and_revocable() {
    String key = tenantKey("echo");
    Http echo = http.withKey(key);
    assertThat(echo.get("/v1/tenants/echo/incidents").status())
        .isEqualTo(404); // allowed; echo has no history

    Reply listing = http.get("/v1/admin/tenants/echo/keys");
    JsonNode keys = listing.json().path("keys");
    assertThat(keys.size()).isEqualTo(1);
    assertThat(listing.body()).doesNotContain(key).doesNotContain(key.substring(5));
    String id = keys.get(0).path("id").asString();
    assertThat(http.get("/v1/admin/tenants").json().path("tenants").toString())
        .contains("\"echo\"");

    assertThat(http.delete("/v1/admin/keys/" + id).status()).isEqualTo(204);

    echo.get("/v1/tenants/echo/incidents")
        .assertProblem(401, "unauthorized", "/v1/tenants/echo/incidents");
    http.delete("/v1/admin/keys/" + id).assertProblem(404, "unknown-key", "/v1/admin/keys/" + id);
    assertThat(
            http.get("/v1/admin/tenants/echo/keys")
                .json()
                .path("keys")
                .get(0)
                .path("revokedAt")
                .isNull())
        .isFalse();
  }

  @Test
  void new_admin_keys_reach_every_tenant() {
    seed("foxtrot", "Laptop battery swelling");
    Reply created = http.postJson("/v1/admin/keys", "{}");
    Http second = http.withKey(created.json().path("key").asString());

    assertThat(created.json().path("key").asString())
        .startsWith("sift_")
        .hasSizeGreaterThanOrEqualTo(40);
    assertThat(second.get("/v1/tenants/foxtrot/tickets/foxtrot-1").status()).isEqualTo(200);
    assertThat(second.get("/v1/admin/keys").status()).isEqualTo(200);
  }

  @Test
  void the_data_directory_holds_only_key_hashes() throws Exception {
    String key = tenantKey("golf");

    String stored = java.nio.file.Files.readString(dataDir.toAbsolutePath().resolve("keys.json"));

    assertThat(stored).contains("\"golf\"").doesNotContain(key).doesNotContain(key.substring(5));
  }
}
