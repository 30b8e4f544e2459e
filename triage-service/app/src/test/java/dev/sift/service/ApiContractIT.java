package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sift.service.Http.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The committed contract, docs/openapi.json, is exactly what the service serves at {@code
 * /v3/api-docs}. The build generates the Java client of {@link GeneratedClientIT} from that file,
 * so a change to the API that is not in the file, or a change to the file that the API does not
 * make, fails the build here.
 *
 * <p>To accept a deliberate change, run {@code scripts/refresh-openapi.sh} (this test with {@code
 * -Dsift.openapi.refresh=true}), which writes the served description over the committed one; review
 * the diff.
 */
class ApiContractIT extends RunningService {

  /** The committed contract, from the module's directory (where Failsafe runs). */
  static final Path COMMITTED = Path.of("../../docs/openapi.json");

  /** Where a differing served description is left for inspection. */
  static final Path SERVED = Path.of("target/openapi-served.json");

  static final String REFRESH_PROPERTY = "sift.openapi.refresh";

  private static final JsonMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  @Test
  void the_served_description_is_the_committed_contract() throws IOException {
    Reply reply = http.withKey(null).get("/v3/api-docs");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    String served = PRETTY.writeValueAsString(normalised(reply.json())) + "\n";

    if (Boolean.getBoolean(REFRESH_PROPERTY)) {
      Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
      return;
    }
    Files.createDirectories(SERVED.getParent());
    Files.writeString(SERVED, served, StandardCharsets.UTF_8);
    if (!Files.exists(COMMITTED)) {
      fail(
          "%s is missing; run scripts/refresh-openapi.sh to write it from the served description (%s).",
          COMMITTED.normalize(), SERVED.toAbsolutePath());
    }
    JsonNode committed = Http.JSON.readTree(Files.readString(COMMITTED, StandardCharsets.UTF_8));
    List<String> differences = new ArrayList<>();
    diff("", committed, normalised(Http.JSON.readTree(served)), differences);
    if (!differences.isEmpty()) {
      fail(
          "The served OpenAPI description differs from the committed contract %s at %d place(s):%n  %s%n"
              + "The served one is in %s. If the change is meant, run scripts/refresh-openapi.sh (or this test with "
              + "-D%s=true), review the diff of docs/openapi.json and commit it; the generated client follows.",
          COMMITTED.normalize(),
          differences.size(),
          String.join("\n  ", differences.subList(0, Math.min(differences.size(), MAX_LISTED))),
          SERVED.toAbsolutePath(),
          REFRESH_PROPERTY);
    }
  }

  /**
   * What the committed file could lose to a careless refresh: every operation has a success status,
   * every error response is a problem, every key-protected operation says so, every problem type is
   * documented somewhere, and no JSON body is an untyped object (but the webhooks', which take the
   * platforms' own payloads).
   */
  @Test
  void every_operation_declares_its_successes_its_problems_and_typed_bodies() {
    JsonNode api = http.withKey(null).get("/v3/api-docs").json();
    StringBuilder descriptions = new StringBuilder();
    List<String> untyped = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : api.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        String name = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
        JsonNode responses = op.getValue().path("responses");
        assertThat(responses.propertyNames()).as(name).anyMatch(code -> code.startsWith("2"));
        for (Map.Entry<String, JsonNode> response : responses.properties()) {
          if (!response.getKey().startsWith("2")) {
            assertThat(response.getValue().at("/content").propertyNames())
                .as(name + " " + response.getKey())
                .containsExactly("application/problem+json");
            assertThat(
                    response
                        .getValue()
                        .at("/content/application~1problem+json/schema/$ref")
                        .asString())
                .isEqualTo("#/components/schemas/Problem");
            descriptions.append(response.getValue().path("description").asString()).append('\n');
          }
          untypedBody(name + " " + response.getKey(), response.getValue(), untyped);
        }
        boolean keyed = !op.getValue().has("security") || !op.getValue().path("security").isEmpty();
        if (keyed) {
          assertThat(responses.path("401").path("description").asString())
              .as(name)
              .contains("`unauthorized`");
          assertThat(responses.path("403").path("description").asString())
              .as(name)
              .contains("`forbidden`");
        }
        if (!path.getKey().startsWith("/v1/connectors/")) {
          untypedBody(name + " request", op.getValue().path("requestBody"), untyped);
        }
      }
    }
    assertThat(untyped).as("untyped JSON bodies").isEmpty();
    for (dev.sift.service.system.ProblemType type : dev.sift.service.system.ProblemType.values()) {
      assertThat(descriptions).as("documented problem types").contains("`" + type.slug() + "`");
    }
    // The tickets body is one ticket or an array of them, as the endpoint reads it.
    assertThat(
            api.at(
                    "/paths/~1v1~1tenants~1{tenant}~1tickets/post/requestBody/content/application~1json/schema"
                        + "/oneOf")
                .findValuesAsString("$ref"))
        .containsExactly("#/components/schemas/Ticket", "#/components/schemas/Ticket");
  }

  private static void untypedBody(String where, JsonNode holder, List<String> out) {
    JsonNode schema = holder.at("/content/application~1json/schema");
    if (schema.isObject()
        && schema.size() == 1
        && "object".equals(schema.path("type").asString())) {
      out.add(where);
    }
  }

  /** Differences listed in a failure; the rest are in the served file. */
  private static final int MAX_LISTED = 20;

  /**
   * The description without what depends on the run: the server URL carries the random port. Object
   * keys are sorted so that the committed file diffs cleanly whatever order the service writes them
   * in.
   */
  static JsonNode normalised(JsonNode api) {
    JsonNode copy = api.deepCopy();
    if (copy instanceof ObjectNode root) {
      root.remove("servers");
    }
    return sorted(copy);
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode out = Http.JSON.createObjectNode();
      object.properties().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> out.set(e.getKey(), sorted(e.getValue())));
      return out;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode out = Http.JSON.createArrayNode();
      array.forEach(element -> out.add(sorted(element)));
      return out;
    }
    return node;
  }

  /**
   * Paths (JSON Pointer) where the two trees differ, each with what the committed and the served
   * one hold.
   */
  private static void diff(String at, JsonNode committed, JsonNode served, List<String> out) {
    if (committed instanceof ObjectNode a && served instanceof ObjectNode b) {
      a.propertyNames().stream()
          .filter(k -> !b.has(k))
          .sorted(Comparator.naturalOrder())
          .forEach(k -> out.add(pointer(at, k) + ": only in the committed contract"));
      b.propertyNames().stream()
          .filter(k -> !a.has(k))
          .sorted(Comparator.naturalOrder())
          .forEach(k -> out.add(pointer(at, k) + ": only in the served description"));
      a.propertyNames().stream()
          .filter(b::has)
          .sorted(Comparator.naturalOrder())
          .forEach(k -> diff(pointer(at, k), a.get(k), b.get(k), out));
    } else if (!committed.equals(served)) {
      out.add(
          (at.isEmpty() ? "/" : at)
              + ": committed "
              + abbreviated(committed)
              + ", served "
              + abbreviated(served));
    }
  }

  private static String pointer(String at, String key) {
    return at + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  private static String abbreviated(JsonNode node) {
    String s = node.toString();
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
