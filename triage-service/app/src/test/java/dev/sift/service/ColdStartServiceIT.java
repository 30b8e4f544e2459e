package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.service.Http.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Cold start over real HTTP with no LLM configured (the default): taxonomies, zero-shot triage of a
 * tenant that has only a taxonomy, and live accuracy once resolved tickets come back.
 */
class ColdStartServiceIT extends RunningService {

  private static final Map<String, Object> TAXONOMY =
      Map.of(
          "category",
              List.of(
                  Map.of("name", "Network", "description", "VPN, wifi and connectivity"),
                  Map.of(
                      "name",
                      "Hardware",
                      "description",
                      "laptops, printers, docking stations and monitors"),
                  Map.of(
                      "name",
                      "Access",
                      "description",
                      "passwords, accounts and permissions",
                      "examples",
                      List.of("Locked out after password change"))),
          "assignmentGroup",
              List.of(
                  Map.of("name", "Network Team", "description", "network and VPN"),
                  Map.of("name", "Service Desk", "description", "passwords and accounts")),
          "priority",
              List.of(
                  Map.of("name", "P1", "description", "full outage"),
                  Map.of("name", "P3", "description", "one user, workaround exists")));

  private static String bestGuess(JsonNode suggestion) {
    return suggestion.path("abstained").asBoolean()
        ? suggestion.path("alternatives").get(0).path("value").asString()
        : suggestion.path("value").asString();
  }

  /** Waits until the tenant's zero-shot model, built in the background after a put, is ready. */
  private void putAndAwaitModel(String tenant) {
    http.putJson("/v1/tenants/" + tenant + "/taxonomy", TAXONOMY);
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (!"ready"
        .equals(http.getHeader("/v1/tenants/" + tenant + "/taxonomy", "Sift-Cold-Start-Model"))) {
      assertThat(System.nanoTime())
          .as("zero-shot model of %s still building", tenant)
          .isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
    }
  }

  /**
   * The bug this guards: the list showed a deleted tenant (from its revoked keys) and left out
   * taxonomy-only ones.
   */
  @Test
  void the_admin_tenant_list_shows_taxonomy_only_tenants_and_never_deleted_ones() {
    assertThat(http.putJson("/v1/tenants/listed-tax/taxonomy", TAXONOMY).status()).isEqualTo(201);
    assertThat(
            http.postJson(
                    "/v1/tenants/gone-co/tickets",
                    List.of(Map.of("id", "g-1", "subject", "VPN drops", "category", "Network")))
                .status())
        .isEqualTo(201);
    assertThat(
            http.postJson("/v1/admin/tenants/gone-co/keys", Map.of("name", "revoked on delete"))
                .status())
        .isEqualTo(201);
    assertThat(http.delete("/v1/admin/tenants/gone-co").status()).isEqualTo(204);

    Map<String, JsonNode> listed = new java.util.HashMap<>();
    for (JsonNode t : http.get("/v1/admin/tenants").json().path("tenants")) {
      listed.put(t.path("tenant").asString(), t);
    }

    assertThat(listed).containsKey("listed-tax").doesNotContainKey("gone-co");
    assertThat(listed.get("listed-tax").path("tickets").asLong()).isZero();
    assertThat(listed.get("listed-tax").path("taxonomy").asBoolean()).isTrue();
    assertThat(listed.keySet()).as("no staging copy of a rebuild").allMatch(t -> !t.contains("~"));
  }

  @Test
  void a_put_taxonomy_creates_the_tenant_and_reads_back() {
    String path = "/v1/tenants/fresh-co/taxonomy";
    Reply created = http.putJson(path, TAXONOMY);
    assertThat(created.status()).isEqualTo(201);
    assertThat(http.putJson(path, TAXONOMY).status()).isEqualTo(200);

    Reply got = http.get(path);
    assertThat(got.status()).isEqualTo(200);
    JsonNode json = got.json();
    assertThat(json.propertyNames())
        .containsExactlyInAnyOrder("category", "assignmentGroup", "priority");
    assertThat(json.path("category").get(0).path("name").asString()).isEqualTo("Network");
    assertThat(json.path("category").get(0).path("description").asString())
        .isEqualTo("VPN, wifi and connectivity");
    assertThat(http.getHeader(path, "Sift-Taxonomy-Source")).isEqualTo("explicit");
  }

  @Test
  void a_taxonomy_only_tenant_is_triaged_by_zero_shot_not_404() {
    putAndAwaitModel("day-one");

    Reply r =
        http.postJson(
            "/v1/tenants/day-one/triage",
            Map.of(
                "subject",
                "VPN connects but network drives are missing",
                "body",
                "Since this morning the mapped drives are gone when working from home."));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode json = r.json();
    assertThat(json.path("method").asString()).isEqualTo("zero-shot");
    assertThat(json.path("degraded").isNull()).isTrue();
    JsonNode category = json.path("suggestions").path("category");
    assertThat(category.path("method").asString()).isEqualTo("zero-shot");
    assertThat(bestGuess(category)).isEqualTo("Network");
    assertThat(json.path("neighbours").size()).isZero();
    // The tenant exists for every read, not only for triage.
    Reply stats = http.get("/v1/tenants/day-one/stats");
    assertThat(stats.status()).as(stats.body()).isEqualTo(200);
    assertThat(stats.json().path("tickets").asLong()).isZero();
    assertThat(http.get("/v1/tenants/day-one/incidents").status()).isEqualTo(200);
  }

  @Test
  void a_large_taxonomy_leaves_other_tenants_triage_alone() throws Exception {
    // The largest taxonomy allowed, 5,000 texts, takes this tenant's cold fit many seconds to
    // build; its triages must not wait for that, nor hold the four workers every tenant shares.
    List<Map<String, Object>> entries = new java.util.ArrayList<>();
    for (int i = 0; i < 500; i++) {
      List<String> examples = new java.util.ArrayList<>();
      for (int x = 0; x < 9; x++) {
        examples.add("request " + x + " of kind " + i + ": printer, VPN or laptop");
      }
      entries.add(
          Map.of(
              "name", "Group " + i, "description", "requests of kind " + i, "examples", examples));
    }
    assertThat(http.putJson("/v1/tenants/large-co/taxonomy", Map.of("category", entries)).status())
        .isEqualTo(201);
    putAndAwaitModel("small-co");
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Reply>> large = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        large.add(
            pool.submit(
                () ->
                    new Http(port)
                        .postJson(
                            "/v1/tenants/large-co/triage",
                            Map.of("subject", "Printer jammed again"))));
      }
      long start = System.nanoTime();
      Reply small =
          http.postJson(
              "/v1/tenants/small-co/triage", Map.of("subject", "VPN keeps disconnecting"));
      java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - start);

      assertThat(small.status()).as(small.body()).isEqualTo(200);
      assertThat(small.json().path("degraded").isNull()).isTrue();
      assertThat(took).isLessThan(java.time.Duration.ofSeconds(5));
      for (java.util.concurrent.Future<Reply> f : large) {
        Reply r = f.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("degraded").asString()).isEqualTo("cold-start-building");
        assertThat(r.json().path("suggestions").path("category").path("abstained").asBoolean())
            .isTrue();
      }
      assertThat(http.getHeader("/v1/tenants/large-co/taxonomy", "Sift-Cold-Start-Model"))
          .isEqualTo("building");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_bad_taxonomy_is_a_problem_naming_what_is_wrong() {
    String path = "/v1/tenants/bad-taxonomy/taxonomy";
    JsonNode unknownField =
        http.putJson(path, Map.of("colour", List.of(Map.of("name", "Red"))))
            .assertProblem(400, "invalid-taxonomy", path);
    assertThat(unknownField.path("detail").asString()).contains("colour");
    JsonNode twice =
        http.putJson(
                path,
                Map.of("category", List.of(Map.of("name", "Network"), Map.of("name", "network"))))
            .assertProblem(400, "invalid-taxonomy", path);
    assertThat(twice.path("detail").asString()).contains("twice");
    http.get(path).assertProblem(404, "unknown-tenant", path);
  }

  @Test
  void a_tenant_with_history_and_no_taxonomy_gets_one_derived_from_its_labels() {
    http.postJson(
        "/v1/tenants/derived-co/tickets",
        List.of(
            Map.of("id", "D-1", "subject", "Printer jams", "category", "Hardware"),
            Map.of("id", "D-2", "subject", "Wifi drops", "category", "Network"),
            Map.of("id", "D-3", "subject", "Wifi slow", "category", "Network")));

    Reply got = http.get("/v1/tenants/derived-co/taxonomy");

    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().path("category").findValuesAsString("name"))
        .containsExactly("Network", "Hardware");
    assertThat(http.getHeader("/v1/tenants/derived-co/taxonomy", "Sift-Taxonomy-Source"))
        .isEqualTo("derived");
  }

  @Test
  void accuracy_scores_suggestions_once_their_tickets_come_back_resolved() {
    putAndAwaitModel("scored-co");
    String guess1 =
        bestGuess(
            http.postJson(
                    "/v1/tenants/scored-co/triage",
                    Map.of("id", "S-1", "subject", "VPN keeps disconnecting"))
                .json()
                .path("suggestions")
                .path("category"));
    String guess2 =
        bestGuess(
            http.postJson(
                    "/v1/tenants/scored-co/triage",
                    Map.of("id", "S-2", "subject", "Printer on floor 2 is jammed"))
                .json()
                .path("suggestions")
                .path("category"));
    http.postJson("/v1/tenants/scored-co/triage", Map.of("subject", "No id, never scored"));

    http.postJson(
        "/v1/tenants/scored-co/tickets",
        List.of(
            Map.of(
                "id",
                "S-1",
                "subject",
                "VPN keeps disconnecting",
                "category",
                "Network",
                "priority",
                "P3"),
            Map.of("id", "S-2", "subject", "Printer on floor 2 is jammed", "category", "Network")));

    Reply r = http.get("/v1/tenants/scored-co/accuracy");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode category = r.json().path("fields").path("category").path("zero-shot");
    assertThat(category.path("suggestions").asLong()).isEqualTo(3);
    assertThat(category.path("scored").asLong()).isEqualTo(2);
    // Both tickets came back as Network.
    double expected =
        (("Network".equals(guess1) ? 1 : 0) + ("Network".equals(guess2) ? 1 : 0)) / 2.0;
    assertThat(category.path("guessAccuracy").asDouble()).isEqualTo(expected);
    assertThat(guess1).isEqualTo("Network");
    assertThat(r.json().path("fields").path("priority").path("zero-shot").path("scored").asLong())
        .isEqualTo(1);
    assertThat(r.json().path("methods").path("category").asString()).isEqualTo("zero-shot");

    String path = "/v1/tenants/scored-co/accuracy";
    http.get(path + "?from=yesterday").assertProblem(400, "invalid-parameter", path);
    http.get("/v1/tenants/nobody/accuracy")
        .assertProblem(404, "unknown-tenant", "/v1/tenants/nobody/accuracy");
  }
}
