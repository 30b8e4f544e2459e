package dev.sift.evaluation.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sift.data.ImportException;
import dev.sift.evaluation.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The backtest command end to end on a committed 240-ticket fixture (four topics, each with its own
 * category, group, priority and typical resolution time), with the real ONNX model and real Lucene.
 */
class BacktestCommandTest {

  private static final String MAP =
      "id=id,subject=title,body=description,category=category,"
          + "assignmentGroup=group,priority=priority,createdAt=opened,resolvedAt=closed";
  private static final String DATE_FORMAT = "yyyy-MM-dd HH:mm";
  private static final List<String> LABEL_METRICS =
      List.of(
          "accuracy",
          "accuracyStandardError",
          "coverage",
          "precisionWhenAnswering",
          "precisionWhenAnsweringLower95",
          "macroF1",
          "top3Accuracy",
          "coverageAtPrecision90",
          "precisionAtCoverage50",
          "precisionAtCoverage80",
          "abstainRate",
          "expectedCalibrationError");

  @TempDir Path tmp;

  private static Path fixture() throws Exception {
    return Path.of(BacktestCommandTest.class.getResource("/tiny-tickets.csv").toURI());
  }

  private JsonNode run(Map<String, String> options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String json =
        new BacktestCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .run(options);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("neighbours");
    assertThat(Files.readString(tmp.resolve("out/report.json"))).isEqualTo(json);
    return new ObjectMapper().readTree(json);
  }

  private Map<String, String> options(Path data, String split, String fields, String methods) {
    Map<String, String> o = new HashMap<>();
    o.put("data", data.toString());
    o.put("map", MAP);
    o.put("date-format", DATE_FORMAT);
    o.put("split", split);
    o.put("fields", fields);
    o.put("methods", methods);
    o.put("out", tmp.resolve("out").toString());
    return o;
  }

  @Test
  void writes_report_json_in_the_documented_shape_with_every_method_on_the_same_split()
      throws Exception {
    JsonNode r =
        run(
            options(
                fixture(),
                "random:0.25:42",
                "category,eta",
                "neighbours,majority,median,category-median,lucene-knn"));

    assertThat(r.path("dataset").path("rows").asInt()).isEqualTo(240);
    assertThat(r.path("dataset").path("train").asInt()).isEqualTo(180);
    assertThat(r.path("dataset").path("test").asInt()).isEqualTo(60);
    assertThat(r.path("dataset").path("split").asString()).isEqualTo("random:0.25:42");
    JsonNode category = r.path("results").path("category");
    for (String method : List.of("neighbours", "lucene-knn")) {
      for (String metric : LABEL_METRICS) {
        assertThat(category.path(method).path(metric).asDouble(-1))
            .as(method + " " + metric)
            .isBetween(0.0, 1.0);
      }
    }
    // The topics are easy to tell apart; always naming the largest one is not.
    assertThat(category.path("neighbours").path("accuracy").asDouble()).isGreaterThan(0.9);
    JsonNode neighbours = category.path("neighbours");
    assertThat(neighbours.path("coverage").asDouble())
        .isCloseTo(1 - neighbours.path("abstainRate").asDouble(), within(1e-6));
    assertThat(neighbours.path("precisionWhenAnsweringLower95").asDouble())
        .isLessThan(neighbours.path("precisionWhenAnswering").asDouble());
    // Majority has an operating point (it always answers) but no confidence worth calibrating.
    JsonNode majority = category.path("majority");
    assertThat(majority.propertyNames())
        .containsExactly(
            "accuracy",
            "accuracyStandardError",
            "coverage",
            "precisionWhenAnswering",
            "precisionWhenAnsweringLower95");
    assertThat(majority.path("accuracy").asDouble()).isLessThan(0.4);
    assertThat(majority.path("coverage").asDouble()).isEqualTo(1.0);
    assertThat(majority.path("precisionWhenAnswering").asDouble())
        .isEqualTo(majority.path("accuracy").asDouble());
    assertThat(category.path("lucene-knn").path("coverage").asDouble()).isEqualTo(1.0);
    assertThat(r.has("learningCurve")).isFalse();
    assertThat(category.has("median")).isFalse();

    JsonNode eta = r.path("results").path("eta");
    assertThat(eta.path("neighbours").size()).isEqualTo(5);
    assertThat(eta.path("neighbours").path("p90IntervalCoverage").asDouble()).isBetween(0.5, 1.0);
    assertThat(eta.path("neighbours").path("p90IntervalWidthHours").asDouble()).isPositive();
    // The engine chooses its ETA estimator by backtest, so it is never clearly worse than the
    // history median.
    assertThat(eta.path("neighbours").path("maeLogHours").asDouble())
        .isLessThanOrEqualTo(eta.path("median").path("maeLogHours").asDouble());
    assertThat(eta.path("median").size()).isEqualTo(3);
    // Each topic has its own typical time, so the group's median beats the global one.
    assertThat(eta.path("category-median").path("maeLogHours").asDouble())
        .isLessThan(eta.path("median").path("maeLogHours").asDouble());
    assertThat(eta.has("lucene-knn")).isFalse();
    assertThat(r.path("timing").path("embedTextsPerSecond").asDouble()).isPositive();
    assertThat(r.path("timing").path("triageMillisP50").asDouble()).isPositive();

    assertThat(Files.readString(tmp.resolve("out/report.md")))
        .contains("Per class, neighbours")
        .contains("category-reliability.svg");
    assertThat(Files.readString(tmp.resolve("out/report.html")))
        .contains("<svg")
        .doesNotContain("<script")
        // Headings in words wrap, so that the widest table fits a 1280-pixel page.
        .contains("<th>expected calibration error</th>", "<th>p90 interval coverage</th>")
        .doesNotContain("expectedCalibrationError");
    // Every non-empty cell of the confusion matrix shows its count, not only in its hover title.
    Matcher cells =
        Pattern.compile("<title>[^<]*: (\\d+)</title></rect>(<text[^>]*>(\\d+)</text>)?")
            .matcher(Files.readString(tmp.resolve("out/category-confusion.svg")));
    int counted = 0;
    while (cells.find()) {
      assertThat(cells.group(3)).isEqualTo(cells.group(1).equals("0") ? null : cells.group(1));
      counted++;
    }
    assertThat(counted).isEqualTo(16); // four topics, four categories
  }

  @Test
  void replay_triages_each_ticket_against_the_tickets_created_before_it() throws Exception {
    Path small = tmp.resolve("small.csv");
    List<String> lines = Files.readAllLines(fixture());
    Files.write(small, lines.subList(0, 61));

    JsonNode r = run(options(small, "replay", "assignmentGroup", "neighbours,majority"));

    assertThat(r.path("dataset").path("train").asInt()).isZero();
    // The oldest ticket has nothing before it to be triaged against.
    assertThat(r.path("dataset").path("test").asInt()).isEqualTo(59);
    assertThat(
            r.path("results")
                .path("assignmentGroup")
                .path("neighbours")
                .path("accuracy")
                .asDouble())
        .isGreaterThan(
            r.path("results").path("assignmentGroup").path("majority").path("accuracy").asDouble());
  }

  @Test
  void history_sizes_give_a_learning_curve_on_the_same_test_tickets() throws Exception {
    Map<String, String> o =
        options(fixture(), "random:0.25:42", "category", "neighbours,majority,lucene-knn");
    o.put("history-sizes", "all,500,30");

    JsonNode r = run(o);

    JsonNode curve = r.path("learningCurve");
    // 500 is not below the 180 history tickets, so it is skipped rather than repeating 'all'.
    assertThat(curve.size()).isEqualTo(2);
    assertThat(curve.path(0).path("historySize").asString()).isEqualTo("30");
    assertThat(curve.path(0).path("history").asInt()).isEqualTo(30);
    assertThat(curve.path(1).path("historySize").asString()).isEqualTo("all");
    assertThat(curve.path(1).path("history").asInt()).isEqualTo(180);
    // The main results are the full history's; every point scores all 60 test tickets' categories.
    assertThat(curve.path(1).path("results")).isEqualTo(r.path("results"));
    assertThat(r.path("dataset").path("test").asInt()).isEqualTo(60);
    for (JsonNode point : curve) {
      JsonNode knn = point.path("results").path("category").path("lucene-knn");
      assertThat(knn.path("coverage").asDouble()).isEqualTo(1.0);
      assertThat(knn.path("accuracyStandardError").asDouble())
          .isCloseTo(
              Math.sqrt(
                  knn.path("accuracy").asDouble() * (1 - knn.path("accuracy").asDouble()) / 60),
              within(1e-6));
    }
    assertThat(Files.readString(tmp.resolve("out/report.md")))
        .contains("## Learning curve")
        .contains("| category | 30 | neighbours | 60 | ")
        .contains("| category | all (180) | lucene-knn | 60 | ");
  }

  @Test
  void history_sizes_need_a_fixed_split() throws Exception {
    Map<String, String> o = options(fixture(), "replay", "category", "majority");
    o.put("history-sizes", "30,all");
    assertThatThrownBy(() -> run(o))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--history-sizes needs a fixed split");
    o.put("split", "random:0.25:42");
    o.put("history-sizes", "30,lots");
    assertThatThrownBy(() -> run(o)).hasMessageContaining("history size 'lots'");
  }

  @Test
  void bad_input_fails_fast_naming_the_column_or_line() throws Exception {
    Path empty =
        Files.writeString(
            tmp.resolve("empty.csv"),
            "id,title,description,category,group,priority,opened,closed\n");
    assertThatThrownBy(() -> run(options(empty, "random:0.2:1", "category", "majority")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no tickets");

    Path noGroup =
        Files.writeString(
            tmp.resolve("nogroup.csv"),
            "id,title,description,category,priority,"
                + "opened,closed\n1,a,b,c,Low,2024-01-01 10:00,2024-01-01 11:00\n");
    assertThatThrownBy(() -> run(options(noGroup, "random:0.2:1", "category", "majority")))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("group");

    Path badDate =
        Files.writeString(
            tmp.resolve("baddate.csv"),
            "id,title,description,category,group,priority,"
                + "opened,closed\n1,a,b,c,g,Low,yesterday,2024-01-01 11:00\n");
    assertThatThrownBy(() -> run(options(badDate, "random:0.2:1", "category", "majority")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("line 2");

    assertThatThrownBy(() -> run(options(fixture(), "random:0.2:1", "category", "magic")))
        .hasMessageContaining("unknown method 'magic'");
  }
}
