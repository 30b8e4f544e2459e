package dev.sift.service.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.index.pgvector.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service over real HTTP on the pgvector backend, in a fresh database {@code sift_it_<random>}
 * on the server named by {@code SIFT_TEST_PG_URL} (default: local, user postgres), dropped
 * afterwards. Without a server the test is skipped, unless {@code CI=true}: then it fails.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "sift.index.backend=pgvector")
@DirtiesContext
class PgVectorServiceIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;

  private static TestDatabase db;

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("sift.data-dir", () -> dataDir.toString());
    registry.add("spring.datasource.url", () -> db.jdbcUrl());
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) {
      // FORCE ends the service's pooled connections; the context closes after this method.
      db.close();
    }
  }

  @Test
  void triage_finds_neighbours_only_within_the_requesting_tenant() throws Exception {
    assertThat(
            post(
                    "/v1/tenants/pg-acme/tickets",
                    List.of(
                        Map.of(
                            "id",
                            "A-1",
                            "subject",
                            "Forklift scanner shows error E42 at dock 7",
                            "category",
                            "Warehouse"),
                        Map.of(
                            "id",
                            "A-2",
                            "subject",
                            "Password expired, cannot log in",
                            "category",
                            "Access")))
                .status)
        .isEqualTo(201);
    assertThat(
            post(
                    "/v1/tenants/pg-globex/tickets",
                    List.of(
                        Map.of(
                            "id",
                            "G-1",
                            "subject",
                            "Forklift scanner error E42 at dock 7 again",
                            "category",
                            "Logistics"),
                        Map.of(
                            "id",
                            "G-2",
                            "subject",
                            "Scanner on forklift 12 beeps with E42",
                            "category",
                            "Logistics")))
                .status)
        .isEqualTo(201);

    Reply acme =
        post(
            "/v1/tenants/pg-acme/triage",
            Map.of("subject", "scanner error E42 on the forklift at dock 7"));
    assertThat(acme.status).as(acme.body).isEqualTo(200);
    JsonNode neighbours = acme.json().path("neighbours");
    assertThat(neighbours.get(0).path("ticketId").asString()).isEqualTo("A-1");
    assertThat(neighbours.valueStream().map(n -> n.path("ticketId").asString()).toList())
        .isNotEmpty()
        .allMatch(id -> id.startsWith("A-"));

    Reply globex =
        post(
            "/v1/tenants/pg-globex/triage", Map.of("subject", "scanner error E42 on the forklift"));
    assertThat(
            globex
                .json()
                .path("neighbours")
                .valueStream()
                .map(n -> n.path("ticketId").asString())
                .toList())
        .containsExactlyInAnyOrder("G-1", "G-2");
  }

  @Test
  void health_reports_the_pgvector_backend_up() throws Exception {
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(uri("/actuator/health")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode index =
        JSON.readTree(health.body()).path("components").path("sift").path("details").path("index");
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(index.path("backend").asString()).isEqualTo("pgvector");
    assertThat(index.path("open").asBoolean()).isTrue();
  }

  private record Reply(int status, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  @Test
  void tenant_keys_live_in_postgresql_and_are_scoped_to_their_tenant() throws Exception {
    Reply created = post("/v1/admin/tenants/pg-keyed/keys", Map.of("name", "replica test"));
    assertThat(created.status).as(created.body).isEqualTo(201);
    String key = created.json().path("key").asString();
    String id = created.json().path("id").asString();

    assertThat(
            post(
                    "/v1/tenants/pg-keyed/tickets",
                    Map.of("id", "K-1", "subject", "Badge reader offline"),
                    key)
                .status)
        .isEqualTo(201);
    assertThat(post("/v1/tenants/pg-acme/triage", Map.of("subject", "badge"), key).status)
        .isEqualTo(403);
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery("SELECT tenant, sha256 FROM sift_api_key WHERE id = '" + id + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("pg-keyed");
      assertThat(rs.getString(2)).hasSize(64).doesNotContain(key);
    }
  }

  private Reply post(String path, Object body) throws Exception {
    return post(path, body, ADMIN_KEY);
  }

  private Reply post(String path, Object body, String key) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }

  /** The admin key of every service test, from src/test/resources/config/application.properties. */
  private static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
