package dev.sift.evaluation.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.embedding.BundledModel;
import dev.sift.evaluation.Exports;
import dev.sift.evaluation.Split;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings sweep on the committed 240-ticket fixture, run by the backtest's harness. */
class SweepCommandTest {

  private static final String MAP =
      "id=id,subject=title,body=description,category=category,"
          + "assignmentGroup=group,priority=priority,createdAt=opened,resolvedAt=closed";

  private static Split split(String spec) throws Exception {
    Path data = Path.of(SweepCommandTest.class.getResource("/tiny-tickets.csv").toURI());
    return Split.of(
        spec,
        Exports.read(Map.of("data", data.toString(), "map", MAP, "date-format", "yyyy-MM-dd HH:mm"))
            .tickets());
  }

  @Test
  void sweep_scores_the_majority_baseline_first_then_each_setting() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<SweepCommand.Method> settings =
        SweepCommand.methods("vector,bm25", 5, "0.1", "0,0.5", "1");

    List<SweepCommand.Score> scores =
        new SweepCommand(new PrintStream(out, true, StandardCharsets.UTF_8))
            .run(split("random:0.2:42"), BundledModel.ALL_MINILM_L6_V2_Q, settings, "category");

    assertThat(scores)
        .extracting(SweepCommand.Score::method)
        .containsExactly(
            "majority",
            "vector(k=5,T=0.1,lin=0)",
            "vector(k=5,T=0.1,lin=0.5)",
            "bm25(k=5,T=0.1,lin=0)",
            "bm25(k=5,T=0.1,lin=0.5)");
    // Four well separated topics: every setting finds them, always naming the largest one does not.
    assertThat(scores.getFirst().accuracy()).isLessThan(0.4);
    assertThat(scores.subList(1, scores.size()))
        .allSatisfy(s -> assertThat(s.accuracy()).isGreaterThan(0.9));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("bm25(k=5,T=0.1,lin=0.5)");
  }

  @Test
  void eta_sweep_prints_the_history_median_then_each_shrinkage_weight() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    new SweepCommand(new PrintStream(out, true, StandardCharsets.UTF_8))
        .run(
            split("time:0.2"),
            BundledModel.ALL_MINILM_L6_V2_Q,
            SweepCommand.methods("hybrid", 5, "0.1", "0.5", "1"),
            "eta");

    List<String> rows = out.toString(StandardCharsets.UTF_8).lines().skip(2).toList();
    assertThat(rows).hasSize(5);
    assertThat(rows.getFirst()).startsWith("history median");
    assertThat(rows.get(1)).startsWith("hybrid(k=5,T=0.1,lin=0.5,lex=1) prior=5.0");
    assertThat(rows.getLast()).contains("prior=1000.0");
  }
}
