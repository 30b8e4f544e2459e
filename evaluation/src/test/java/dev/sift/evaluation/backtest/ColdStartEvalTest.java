package dev.sift.evaluation.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.evaluation.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code sift-eval cold-start} refuses bad options before it embeds anything. */
class ColdStartEvalTest {

  private static final String DATA = Path.of("src/test/resources/tiny-tickets.csv").toString();
  private static final String MAP = "id=id,subject=title,body=description,assignmentGroup=group";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ColdStartEval eval =
      new ColdStartEval(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

  private String printed() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void more_top_groups_than_the_history_has_fails_before_embedding() {
    assertThatThrownBy(() -> eval.run(Map.of("data", DATA, "map", MAP, "top", "50")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--top 50")
        .hasMessageMatching(
            ".*more than the \\d+ assignment groups in the history; use --top \\d+ or fewer.*");
    assertThat(printed()).doesNotContain("embedding");
  }

  @Test
  void an_unknown_option_a_bad_number_and_a_split_without_history_are_refused() {
    assertThatThrownBy(() -> eval.run(Map.of("data", DATA, "map", MAP, "fields", "category")))
        .hasMessageStartingWith("unknown option --fields");
    assertThatThrownBy(() -> eval.run(Map.of("data", DATA, "map", MAP, "top", "0")))
        .hasMessageContaining("--top must be a whole number of at least 1, was '0'");
    assertThatThrownBy(() -> eval.run(Map.of("data", DATA, "map", MAP, "examples", "three")))
        .hasMessageContaining("--examples must be a whole number");
    assertThatThrownBy(() -> eval.run(Map.of("data", DATA, "map", MAP, "sizes", "0,fifty")))
        .hasMessageContaining("'fifty' is neither a ticket count nor 'all'");
    assertThatThrownBy(() -> eval.run(Map.of("data", DATA, "map", MAP, "split", "replay")))
        .hasMessageContaining("has no history side");
    assertThatThrownBy(() -> eval.run(Map.of("data", DATA, "map", MAP, "model", "no-such-model")))
        .hasMessageContaining("unknown bundled model 'no-such-model'");
    assertThatThrownBy(() -> eval.run(Map.of("map", MAP))).hasMessage("--data is required");
    assertThatThrownBy(() -> eval.run(Map.of("data", "no-such-file.csv", "map", MAP)))
        .hasMessageContaining("no-such-file.csv is not a readable file");
    assertThat(printed()).doesNotContain("embedding");
  }
}
