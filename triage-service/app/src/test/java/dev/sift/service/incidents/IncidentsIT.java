package dev.sift.service.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.sift.service.system.Signatures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Major-incident detection through the service: a burst of triages raises one candidate, which the
 * API lists, the live stream announces and a local webhook receiver gets once, signed, after a
 * failed first attempt.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sift.incidents.webhook.secret=s3cret",
      "sift.incidents.webhook.initial-backoff=100ms",
      "sift.incidents.stream.max-per-tenant=2",
      "sift.incidents.stream.heartbeat=200ms"
    })
@DirtiesContext
class IncidentsIT {

  private static final String SECRET = "s3cret";
  private static final Instant BURST = Instant.parse("2026-06-01T08:00:00Z");
  private static final List<String> OUTAGE =
      List.of(
          "Outlook not loading",
          "outlook is not loading at all",
          "Outlook won't load this morning",
          "Outlook not loading, stuck on loading profile",
          "outlook does not load");

  @TempDir static Path dataDir;
  private static HttpServer receiver;
  private static final List<String[]> deliveries = new CopyOnWriteArrayList<>();
  private static final AtomicInteger attempts = new AtomicInteger();

  @LocalServerPort int port;

  private final HttpClient client = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @BeforeAll
  static void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          // The first attempt fails, so that the retry is exercised.
          int status = attempts.incrementAndGet() == 1 ? 500 : 204;
          if (status == 204) {
            deliveries.add(
                new String[] {
                  exchange.getRequestHeaders().getFirst("X-Sift-Signature"),
                  new String(body, StandardCharsets.UTF_8)
                });
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop(0);
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("sift.data-dir", () -> dataDir.toString());
    registry.add(
        "sift.incidents.webhook.url",
        () -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
  }

  @Test
  void a_burst_of_triages_raises_one_candidate_listed_streamed_and_posted_once() throws Exception {
    List<Map<String, Object>> history = new ArrayList<>();
    String[] topics = {
      "Printer on floor 2 jams", "VPN disconnects at home", "New laptop request", "SAP login error"
    };
    for (int i = 0; i < 40; i++) {
      history.add(
          Map.of(
              "id",
              "h" + i,
              "subject",
              topics[i % topics.length],
              "createdAt",
              BURST.minus(Duration.ofDays(28)).plus(Duration.ofHours(16L * i)).toString()));
    }
    post("/v1/tenants/acme/tickets", history);
    List<String> streamed = new CopyOnWriteArrayList<>();
    Thread listener =
        Thread.ofVirtual().start(() -> listen("/v1/tenants/acme/incidents/stream", streamed));

    List<Boolean> flagged = new ArrayList<>();
    for (int i = 0; i < OUTAGE.size(); i++) {
      JsonNode r =
          post(
              "/v1/tenants/acme/triage",
              Map.of(
                  "id",
                  "b" + i,
                  "subject",
                  OUTAGE.get(i),
                  "requester",
                  "user" + i,
                  "createdAt",
                  BURST.plus(Duration.ofMinutes(2L * i)).toString()));
      flagged.add(r.path("cluster").path("majorIncidentCandidate").asBoolean());
      assertThat(r.path("cluster").path("size").asInt()).isEqualTo(i + 1);
    }
    assertThat(flagged.indexOf(true) + 1).isBetween(3, 5);

    JsonNode incidents = get("/v1/tenants/acme/incidents?state=all").path("incidents");
    assertThat(incidents.size()).isEqualTo(1);
    JsonNode incident = incidents.get(0);
    assertThat(incident.path("reason").asString()).contains("tickets from").contains("usual rate");
    String id = incident.path("id").asString();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deliveries.size() == 1 && !streamed.isEmpty());
    String[] delivery = deliveries.getFirst();
    assertThat(delivery[0])
        .isEqualTo(
            Signatures.Scheme.SHA256.sign(SECRET, delivery[1].getBytes(StandardCharsets.UTF_8)));
    assertThat(json.readTree(delivery[1]).path("incident").path("id").asString()).isEqualTo(id);
    assertThat(attempts.get()).isEqualTo(2);
    assertThat(streamed.getFirst()).contains(id);

    JsonNode confirmed = post("/v1/tenants/acme/incidents/" + id + "/confirm", Map.of());
    assertThat(confirmed.path("state").asString()).isEqualTo("confirmed");
    assertThat(get("/v1/tenants/acme/incidents").path("incidents").size()).isZero();
    // Another tenant sees none of it.
    post("/v1/tenants/globex/tickets", Map.of("id", "g1", "subject", "Outlook not loading"));
    assertThat(get("/v1/tenants/globex/incidents?state=all").path("incidents").size()).isZero();
    Thread.sleep(200);
    assertThat(deliveries).hasSize(1);
    listener.interrupt();
  }

  @Test
  void the_stream_answers_at_once_before_any_candidate_is_raised() throws Exception {
    post("/v1/tenants/initech/tickets", Map.of("id", "i1", "subject", "Printer on floor 3 jams"));

    HttpResponse<java.io.InputStream> r =
        client
            .sendAsync(
                HttpRequest.newBuilder(uri("/v1/tenants/initech/incidents/stream"))
                    .header("Authorization", "Bearer " + ADMIN_KEY)
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream())
            .get(10, java.util.concurrent.TimeUnit.SECONDS);

    try (java.io.InputStream body = r.body()) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    }
  }

  /**
   * The bugs this guards: a stream sent nothing until a candidate came, a client that left kept its
   * socket in CLOSE_WAIT for the six-hour emitter timeout, one key opened 300 streams, and an open
   * stream held shutdown up for 30 s.
   */
  @Test
  @Timeout(
      value = 2,
      unit = TimeUnit.MINUTES) // a stream that never speaks fails the test rather than the build
  void streams_speak_at_once_beat_while_idle_are_capped_per_tenant_and_close_at_shutdown(
      @Autowired IncidentStream stream) throws Exception {
    post("/v1/tenants/streams/tickets", Map.of("id", "s1", "subject", "Printer jams"));
    String path = "/v1/tenants/streams/incidents/stream";

    HttpResponse<java.io.InputStream> first = open(path);
    BufferedReader firstLines =
        new BufferedReader(new InputStreamReader(first.body(), StandardCharsets.UTF_8));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(firstLines.readLine()).isEqualTo(":subscribed");
    assertThat(firstLines.readLine()).isEmpty();
    assertThat(firstLines.readLine()).as("a beat while idle").isEqualTo(":heartbeat");
    HttpResponse<java.io.InputStream> second = open(path);
    assertThat(second.statusCode()).isEqualTo(200);

    HttpResponse<java.io.InputStream> third = open(path);
    assertThat(third.statusCode()).isEqualTo(429);
    JsonNode problem = json.readTree(third.body().readAllBytes());
    assertThat(problem.path("type").asString())
        .isEqualTo("https://sift.dev/problems/too-many-streams");
    assertThat(problem.path("maxStreams").asInt()).isEqualTo(2);

    // A client that leaves frees its place once a beat finds it gone.
    first.body().close();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              HttpResponse<java.io.InputStream> again = open(path);
              if (again.statusCode() == 200) {
                again.body().close();
                return true;
              }
              again.body().close();
              return false;
            });

    long start = System.nanoTime();
    stream.stop(); // what the context does first at shutdown
    try {
      assertThat(second.body().readAllBytes()).as("the stream ends").isNotNull();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(open(path).statusCode()).as("refused while stopping").isEqualTo(503);
    } finally {
      stream.start();
    }
  }

  private HttpResponse<java.io.InputStream> open(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .header("Accept", "text/event-stream")
            .build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  private void listen(String path, List<String> events) {
    try {
      HttpResponse<java.io.InputStream> r =
          client.send(
              HttpRequest.newBuilder(uri(path))
                  .header("Authorization", "Bearer " + ADMIN_KEY)
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("data:")) {
            events.add(line);
          }
        }
      }
    } catch (Exception e) {
      // the test ends the stream by interrupting it
    }
  }

  private JsonNode post(String path, Object body) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return json.readTree(r.body());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  /** The admin key of every service test, from src/test/resources/config/application.properties. */
  private static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
