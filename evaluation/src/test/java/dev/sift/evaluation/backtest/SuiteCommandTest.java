package dev.sift.evaluation.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.evaluation.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite over a committed data root that holds two small development sets in their real layouts
 * ({@code suite-datasets/itsm-assignment}, {@code suite-datasets/hadoop-bugs}, 100 tickets each,
 * written for this test), with the real ONNX model and real Lucene.
 */
class SuiteCommandTest {

  private static final String DOC =
      "# Accuracy\n\nIntro that the suite must keep.\n\n"
          + "<!-- sift-eval suite current: begin -->\nan old table\n<!-- sift-eval suite current: end -->\n\n"
          + "## Later section\n";

  @TempDir Path tmp;

  private static Path fixtureRoot() throws Exception {
    return Path.of(SuiteCommandTest.class.getResource("/suite-datasets").toURI());
  }

  private SuiteCommand suite(Map<String, String> env) {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return new SuiteCommand(quiet, quiet, env, tmp.resolve("repo"));
  }

  private Map<String, String> options(String sets) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("data-root", fixtureRoot().toString());
    o.put("sets", sets);
    o.put("sizes", "40,all");
    o.put("doc", tmp.resolve("accuracy.md").toString());
    o.put("vector-cache", tmp.resolve("cache").toString());
    return o;
  }

  @Test
  void a_missing_data_set_fails_before_anything_is_read_or_embedded() throws Exception {
    Map<String, String> o = options("itsm-assignment,maphar-itsupport-fr");

    assertThatThrownBy(() -> suite(Map.of()).run(o))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("data set maphar-itsupport-fr is missing")
        .hasMessageContaining(fixtureRoot().resolve("maphar-itsupport-fr/tickets.csv").toString())
        .hasMessageContaining("SIFT_SHARED_DIR");
    // itsm-assignment, listed first and present, was not embedded, and no document was written.
    assertThat(tmp.resolve("cache")).doesNotExist();
    assertThat(tmp.resolve("accuracy.md")).doesNotExist();
  }

  @Test
  void by_default_every_development_set_is_required() throws Exception {
    Map<String, String> o = options("x");
    o.remove("sets");

    assertThatThrownBy(() -> suite(Map.of()).run(o))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("data set apache-hive-jira is missing");
  }

  @Test
  void an_unknown_set_or_option_is_refused_with_the_known_ones() throws Exception {
    assertThatThrownBy(() -> suite(Map.of()).run(options("itsm-assignment,jira")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("unknown data set 'jira'")
        .hasMessageContaining("glpi-utility-cl-es");
    Map<String, String> o = options("itsm-assignment");
    o.put("history-sizes", "200");
    assertThatThrownBy(() -> suite(Map.of()).run(o))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--history-sizes")
        .hasMessageContaining("--sizes");
  }

  @Test
  void another_history_seed_draws_other_small_histories_for_the_same_test_tickets()
      throws Exception {
    Map<String, String> o = options("itsm-assignment");
    String seed42 = suite(Map.of()).run(o);
    o.put("history-seed", "7");
    String seed7 = suite(Map.of()).run(o);

    List<String> full42 = tableOf(seed42).stream().filter(l -> l.contains("| all (80) |")).toList();
    List<String> small42 =
        tableOf(seed42).stream().filter(l -> l.contains("| 40 | neighbours |")).toList();
    assertThat(full42).isNotEmpty();
    assertThat(small42).isNotEmpty();
    assertThat(tableOf(seed7)).containsAll(full42).doesNotContainAnyElementsOf(small42);

    o.put("history-seed", "forty-two");
    assertThatThrownBy(() -> suite(Map.of()).run(o))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--history-seed 'forty-two'");
  }

  @Test
  void the_data_root_comes_from_the_option_then_sift_shared_dir_then_the_checkouts_sibling() {
    assertThat(suite(Map.of()).dataRoot(Map.of("data-root", "/data"))).isEqualTo(Path.of("/data"));
    assertThat(suite(Map.of("SIFT_SHARED_DIR", "/srv/shared")).dataRoot(Map.of()))
        .isEqualTo(Path.of("/srv/shared/datasets"));
    assertThat(suite(Map.of()).dataRoot(Map.of())).isEqualTo(tmp.resolve("shared/datasets"));
  }

  @Test
  void a_table_replaces_only_its_own_markers_and_a_new_one_is_appended() {
    String replaced = SuiteCommand.withTable(DOC, "current", "| new |\n");
    assertThat(replaced)
        .startsWith("# Accuracy\n\nIntro that the suite must keep.\n\n")
        .contains(
            "<!-- sift-eval suite current: begin -->\n| new |\n<!-- sift-eval suite current: end -->")
        .doesNotContain("an old table")
        .endsWith("## Later section\n");

    String appended = SuiteCommand.withTable(replaced, "before", "| before |\n");
    assertThat(appended)
        .startsWith(replaced)
        .endsWith(
            "## Suite: before\n\n<!-- sift-eval suite before: begin -->\n| before |\n"
                + "<!-- sift-eval suite before: end -->\n");
    assertThat(SuiteCommand.withTable(appended, "before", "| again |\n"))
        .contains("| again |")
        .doesNotContain("| before |")
        .contains("| new |");
  }

  @Test
  void writes_one_table_per_set_field_size_and_method_and_a_rerun_gives_the_same_numbers()
      throws Exception {
    Files.writeString(tmp.resolve("accuracy.md"), DOC);
    Map<String, String> o = options("itsm-assignment,hadoop-bugs");

    String first = suite(Map.of()).run(o);
    String doc = Files.readString(tmp.resolve("accuracy.md"));
    String second = suite(Map.of()).run(o);

    assertThat(doc)
        .startsWith("# Accuracy\n\nIntro that the suite must keep.\n\n")
        .endsWith("## Later section\n")
        .contains(first)
        .doesNotContain("an old table");
    // 100 tickets, 80 history and 20 test: the 40-ticket subsample, then the whole history.
    for (String history : List.of("40", "all (80)")) {
      for (String method : List.of("neighbours", "majority", "lucene-knn")) {
        assertThat(first)
            .contains(
                "| itsm-assignment | assignmentGroup | " + history + " | " + method + " | 20 | ");
        assertThat(first)
            .contains("| hadoop-bugs | priority | " + history + " | " + method + " | ");
      }
      assertThat(first).contains("| hadoop-bugs | eta | " + history + " | median | ");
      assertThat(first)
          .containsPattern(
              "\\| hadoop-bugs \\| eta \\| "
                  + java.util.regex.Pattern.quote(history)
                  + " \\| neighbours \\| \\d+ \\| [0-9.]+ ± [0-9.]+ \\| [+-][0-9.]+ \\|");
    }
    // The peers never abstain: they cover every ticket and answer at their accuracy.
    assertThat(first)
        .containsPattern(
            "\\| itsm-assignment \\| assignmentGroup \\| all \\(80\\) \\| lucene-knn \\| 20"
                + " \\| ([0-9.]+) ± [0-9.]+ \\| 1\\.000 \\| \\1 \\|");
    // The second run reads the vectors from the cache and must give the same table, wall time
    // aside.
    assertThat(tableOf(second)).isEqualTo(tableOf(first));
    assertThat(tmp.resolve("cache")).isNotEmptyDirectory();
  }

  private static List<String> tableOf(String block) {
    return block.lines().filter(l -> l.startsWith("|")).toList();
  }
}
