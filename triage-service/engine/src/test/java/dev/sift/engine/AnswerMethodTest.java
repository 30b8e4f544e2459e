package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The wire names of answer methods are a public contract: the REST JSON and the prediction log. */
class AnswerMethodTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void wire_names_are_the_strings_callers_have_always_seen() {
    assertThat(Arrays.stream(AnswerMethod.values()).map(AnswerMethod::wire))
        .containsExactly("neighbours", "zero-shot", "llm", "mixed");
  }

  @Test
  void json_writes_and_reads_a_method_by_its_wire_name() {
    assertThat(json.writeValueAsString(List.of(AnswerMethod.ZERO_SHOT, AnswerMethod.MIXED)))
        .isEqualTo("[\"zero-shot\",\"mixed\"]");
    assertThat(json.readValue("\"llm\"", AnswerMethod.class)).isEqualTo(AnswerMethod.LLM);
  }

  @Test
  void an_unknown_wire_name_is_refused_with_the_name() {
    assertThatThrownBy(() -> AnswerMethod.fromWire("ZERO_SHOT"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown answer method 'ZERO_SHOT'");
  }
}
