package dev.sift.service.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A dashboard that lost its incident stream reconnects with {@code Last-Event-ID} and first gets
 * the candidates it missed, in the order they were raised, and nothing it already had.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"sift.incidents.stream.heartbeat=200ms"})
@DirtiesContext
class IncidentReplayIT {

  private static final Instant FIRST_BURST = Instant.parse("2026-06-01T08:00:00Z");

  /**
   * Bursts this far apart fall in separate clusters: the first has long expired when the next
   * starts.
   */
  private static final Duration BETWEEN_BURSTS = Duration.ofDays(2);

  private static final List<String> OUTAGE =
      List.of(
          "Outlook not loading",
          "outlook is not loading at all",
          "Outlook won't load this morning",
          "Outlook not loading, stuck on loading profile",
          "outlook does not load");

  /** Heartbeats read before deciding that no replay is coming. */
  private static final int BEATS_WITHOUT_EVENTS = 3;

  private static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
  private static final String TENANT = "replay-co";
  private static final String STREAM = "/v1/tenants/" + TENANT + "/incidents/stream";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("sift.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  private final HttpClient client = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void a_client_reconnecting_with_last_event_id_gets_the_candidates_it_missed() throws Exception {
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
              FIRST_BURST.minus(Duration.ofDays(28)).plus(Duration.ofHours(16L * i)).toString()));
    }
    post("/v1/tenants/" + TENANT + "/tickets", history);

    HttpResponse<java.io.InputStream> live = open(null);
    BufferedReader liveLines = lines(live);
    assertThat(liveLines.readLine()).isEqualTo(":subscribed");
    burst(0);
    // Heartbeats went out while the burst was triaged: read past all of them.
    List<String> seen = eventIds(liveLines, 1, Integer.MAX_VALUE);
    assertThat(seen).hasSize(1);
    live.body().close(); // the dashboard loses its connection

    burst(1);
    burst(2);
    List<String> raised = new ArrayList<>();
    get("/v1/tenants/" + TENANT + "/incidents?state=all")
        .path("incidents")
        .forEach(i -> raised.addFirst(i.path("id").asString())); // the list is newest first
    assertThat(raised).hasSize(3).startsWith(seen.getFirst());

    HttpResponse<java.io.InputStream> resumed = open(seen.getFirst());
    BufferedReader resumedLines = lines(resumed);
    assertThat(resumedLines.readLine()).isEqualTo(":subscribed");
    assertThat(eventIds(resumedLines, 2, BEATS_WITHOUT_EVENTS))
        .as("replayed after %s", seen.getFirst())
        .containsExactlyElementsOf(raised.subList(1, 3));
    resumed.body().close();

    HttpResponse<java.io.InputStream> upToDate = open(raised.getLast());
    BufferedReader upToDateLines = lines(upToDate);
    assertThat(upToDateLines.readLine()).isEqualTo(":subscribed");
    assertThat(eventIds(upToDateLines, 1, BEATS_WITHOUT_EVENTS))
        .as("nothing missed, nothing replayed")
        .isEmpty();
    upToDate.body().close();
  }

  /** Five triages of one outage, a burst that raises one candidate. */
  private void burst(int n) throws Exception {
    Instant start = FIRST_BURST.plus(BETWEEN_BURSTS.multipliedBy(n));
    for (int i = 0; i < OUTAGE.size(); i++) {
      post(
          "/v1/tenants/" + TENANT + "/triage",
          Map.of(
              "id",
              "b" + n + "-" + i,
              "subject",
              OUTAGE.get(i),
              "requester",
              "user" + i,
              "createdAt",
              start.plus(Duration.ofMinutes(2L * i)).toString()));
    }
  }

  /**
   * The ids of the next {@code wanted} events, each checked to carry its incident; fewer when the
   * stream goes {@code maxIdleBeats} heartbeats without one.
   */
  private List<String> eventIds(BufferedReader in, int wanted, int maxIdleBeats) throws Exception {
    List<String> ids = new ArrayList<>();
    String id = null;
    int idleBeats = 0;
    String line;
    while (ids.size() < wanted && idleBeats < maxIdleBeats && (line = in.readLine()) != null) {
      if (line.equals(":heartbeat")) {
        idleBeats++;
      } else if (line.startsWith("id:")) {
        id = line.substring("id:".length());
      } else if (line.startsWith("data:")) {
        assertThat(json.readTree(line.substring("data:".length())).path("id").asString())
            .isEqualTo(id);
        ids.add(id);
        idleBeats = 0;
      }
    }
    return ids;
  }

  private static BufferedReader lines(HttpResponse<java.io.InputStream> r) {
    assertThat(r.statusCode()).isEqualTo(200);
    return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
  }

  private HttpResponse<java.io.InputStream> open(String lastEventId) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(STREAM))
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private void post(String path, Object body) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
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

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
