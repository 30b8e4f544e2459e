package dev.sift.service.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code sift.*} property the configuration processor finds in the
 * {@code @ConfigurationProperties} records is described in the configuration table of docs/api.md,
 * so a new setting cannot ship undocumented. A row may name several keys of one group: {@code
 * `sift.llm.base-url`, `.model`, `.api-key`}.
 */
class ConfigurationDocsTest {

  private static final String METADATA = "META-INF/spring-configuration-metadata.json";
  private static final Path API_DOC = Path.of("../../docs/api.md");

  @Test
  void every_sift_property_has_a_row_in_the_documented_configuration_table() throws IOException {
    List<String> properties = siftProperties();
    assertThat(properties)
        .as("the processor found the properties")
        .contains("sift.triage.target-precision", "sift.limits.max-batch-size", "sift.data-dir");

    List<String> rows =
        Files.readAllLines(API_DOC).stream().filter(l -> l.startsWith("| `sift.")).toList();
    List<String> missing = new ArrayList<>();
    for (String property : properties) {
      if (rows.stream().noneMatch(row -> documents(row, property))) {
        missing.add(property);
      }
    }
    assertThat(missing)
        .as("sift.* properties without a row in docs/api.md's Configuration table")
        .isEmpty();
  }

  /**
   * Whether a table row names the property: in full, or as a sibling of a key it names in full
   * ({@code `.model`} or {@code `min-distinct`} after {@code `sift.incidents.min-tickets`}), or
   * under a wildcard row ({@code sift.connectors.zammad.<name>.*}).
   */
  static boolean documents(String row, String property) {
    String cell = row.split("\\|")[1];
    if (cell.contains("`" + property + "`")) {
      return true;
    }
    String parent = property.substring(0, property.lastIndexOf('.') + 1);
    String leaf = property.substring(parent.length());
    if (cell.contains("`" + parent)
        && (cell.contains("`." + leaf + "`")
            || cell.contains("`" + leaf + "`")
            || cell.contains("`." + leaf + "."))) {
      return true;
    }
    for (String key : cell.split("`")) {
      int star = key.indexOf(".*");
      if (star > 0 && property.startsWith(key.substring(0, star).replaceAll("\\.<[a-z]+>", ""))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> siftProperties() throws IOException {
    try (InputStream in =
        ConfigurationDocsTest.class.getClassLoader().getResourceAsStream(METADATA)) {
      assertThat(in)
          .as(METADATA + " on the class path (spring-boot-configuration-processor)")
          .isNotNull();
      JsonNode root = JsonMapper.builder().build().readTree(in);
      List<String> names = new ArrayList<>();
      for (JsonNode p : root.get("properties")) {
        String name = p.get("name").asString();
        if (name.startsWith("sift.")) {
          names.add(name);
        }
      }
      return names;
    }
  }
}
