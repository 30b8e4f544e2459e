package dev.sift.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The layout of report.json and replay.json, which scripts and the committed reference reports rely
 * on.
 */
class JsonTest {

  @Test
  void nests_maps_and_lists_two_spaces_deep_one_entry_per_line_in_insertion_order() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("b", 1);
    inner.put("a", List.of("x", 2L));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("z", inner);
    root.put("empty", Map.of());
    root.put("none", new ArrayList<>());
    root.put("flag", true);
    root.put("missing", null);

    assertThat(Json.write(root))
        .isEqualTo(
            """
        {
          "z": {
            "b": 1,
            "a": [
              "x",
              2
            ]
          },
          "empty": {},
          "none": [],
          "flag": true,
          "missing": null
        }""");
  }

  @Test
  void writes_metrics_with_at_most_six_decimals_and_no_number_as_null() {
    List<Object> values =
        List.of(
            0.1 + 0.2,
            1.0 / 3,
            0.0,
            12345.678,
            184.490909123,
            1e-5,
            1.5e7,
            Double.NaN,
            Double.POSITIVE_INFINITY);

    assertThat(Json.write(values))
        .isEqualTo(
            """
        [
          0.3,
          0.333333,
          0.0,
          12345.678,
          184.490909,
          1.0E-5,
          1.5E7,
          null,
          null
        ]""");
  }

  @Test
  void escapes_strings_and_writes_instants_as_iso_text() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", "a \"quoted\" back\\slash\nline\ttab");
    m.put("at", Instant.parse("2026-01-05T08:00:00Z"));

    assertThat(Json.write(m))
        .isEqualTo(
            """
        {
          "text": "a \\"quoted\\" back\\\\slash\\nline\\ttab",
          "at": "2026-01-05T08:00:00Z"
        }""");
  }
}
