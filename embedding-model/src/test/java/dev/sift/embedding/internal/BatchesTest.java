package dev.sift.embedding.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchesTest {

  private static HuggingFaceTokenizer tokenizer;

  @BeforeAll
  static void load() throws Exception {
    try (var in = BatchesTest.class.getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json")) {
      tokenizer =
          HuggingFaceTokenizer.newInstance(
              in,
              Map.of(
                  "truncation",
                  "true",
                  "padding",
                  "false",
                  "maxLength",
                  "256",
                  "modelMaxLength",
                  "256"));
    }
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void every_text_lands_in_exactly_one_batch_sorted_by_length() {
    Encoding[] encodings = encode(40);
    List<int[]> batches = Batches.byLength(encodings, 8);
    int[] all = batches.stream().flatMapToInt(Arrays::stream).toArray();
    assertThat(all).hasSize(40).doesNotHaveDuplicates();
    assertThat(batches).allSatisfy(b -> assertThat(b.length).isBetween(1, 8));
    for (int i = 1; i < all.length; i++) {
      assertThat(encodings[all[i]].getIds().length)
          .isGreaterThanOrEqualTo(encodings[all[i - 1]].getIds().length);
    }
  }

  @Test
  void long_texts_get_fewer_per_batch_under_the_token_budget() {
    Encoding[] encodings = encode(40);
    int budget = 200;
    List<int[]> batches = Batches.byLength(encodings, 32, budget);
    for (int[] b : batches) {
      int longest = Arrays.stream(b).map(i -> encodings[i].getIds().length).max().orElseThrow();
      assertThat(b.length == 1 || b.length * longest <= budget)
          .as("batch of %d up to %d tokens", b.length, longest)
          .isTrue();
    }
    assertThat(batches.getFirst().length).isGreaterThan(batches.getLast().length);
  }

  private static Encoding[] encode(int n) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      texts.add("printer on floor " + i + " is jammed again".repeat(1 + i % 9));
    }
    return tokenizer.batchEncode(texts);
  }
}
