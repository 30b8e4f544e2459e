package dev.sift.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EmbedderTest {

  private static final double QUANTISED_BATCH_TOLERANCE = 0.98;
  private static Embedder embedder;

  @BeforeAll
  static void load() {
    embedder = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void closing_while_others_embed_waits_for_their_batch_and_later_calls_fail_cleanly()
      throws Exception {
    Embedder own = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
    List<String> single =
        java.util.Collections.nCopies(
            32, "Outlook asks for my password again and again ".repeat(8));
    List<String> bulk =
        java.util.Collections.nCopies(
            400, "VPN drops every few minutes since the update ".repeat(4));
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch embedding = new java.util.concurrent.CountDownLatch(2);
    List<Thread> callers =
        List.of(
            Thread.ofPlatform()
                .start(() -> embedUntilClosed(own, single, single.size(), embedding, failures)),
            Thread.ofPlatform().start(() -> embedUntilClosed(own, bulk, 16, embedding, failures)));
    embedding.await();

    own.close(); // a native session freed under a running batch would crash this JVM

    for (Thread t : callers) {
      t.join(java.time.Duration.ofSeconds(60));
      assertThat(t.isAlive()).isFalse();
    }
    assertThat(failures)
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(EmbeddingException.class)
                    .hasMessageContaining("is closed"));
    assertThatThrownBy(() -> own.embed("after the close"))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("is closed");
  }

  /**
   * Embeds again and again until the embedder refuses; what it refuses with goes to {@code
   * failures}.
   */
  private static void embedUntilClosed(
      Embedder e,
      List<String> texts,
      int batchSize,
      java.util.concurrent.CountDownLatch started,
      List<Throwable> failures) {
    started.countDown();
    try {
      while (true) {
        assertThat(e.embedAll(texts, batchSize)).hasSize(texts.size());
      }
    } catch (RuntimeException | AssertionError ex) {
      failures.add(ex);
    }
  }

  @Test
  void vectors_have_unit_norm_and_the_model_dimension() {
    List<float[]> vectors =
        embedder.embedAll(List.of("VPN keeps disconnecting", "", "x".repeat(50_000)));
    assertThat(embedder.dimension()).isEqualTo(384);
    for (float[] v : vectors) {
      assertThat(v).hasSize(384);
      assertThat(norm(v)).isCloseTo(1.0, within(1e-4));
    }
  }

  @Test
  void batch_results_match_single_results_in_input_order() {
    List<String> texts =
        List.of(
            "printer on floor 3 jams",
            "outlook cannot connect to exchange server since morning",
            "reset my password please",
            "a");
    List<float[]> batch = embedder.embedAll(texts, 2);
    for (int i = 0; i < texts.size(); i++) {
      // Dynamic int8 quantisation picks its scales per tensor, so batch mates move a vector
      // slightly.
      assertThat(cosine(batch.get(i), embedder.embed(texts.get(i))))
          .isGreaterThan(QUANTISED_BATCH_TOLERANCE);
    }
  }

  @Test
  void unbatched_embedding_is_exactly_repeatable() {
    List<String> texts = List.of("printer on floor 3 jams", "reset my password please");
    List<float[]> first = embedder.embedAll(texts, 1);
    List<float[]> second = embedder.embedAll(List.of(texts.get(1), texts.get(0)), 1);
    assertThat(first.get(0)).containsExactly(second.get(1));
    assertThat(first.get(1)).containsExactly(second.get(0));
  }

  @Test
  void similar_tickets_are_closer_than_unrelated_ones() {
    float[] vpn1 =
        embedder.embedTicket(
            "VPN not connecting", "GlobalProtect says gateway unreachable from home");
    float[] vpn2 =
        embedder.embedTicket(
            "cannot connect to vpn from home office", "remote access fails with timeout");
    float[] printer =
        embedder.embedTicket(
            "printer out of toner", "the printer on the 2nd floor shows toner empty");
    float[] pwd =
        embedder.embedTicket("password expired", "I need a password reset, my account is locked");
    assertThat(cosine(vpn1, vpn2)).isGreaterThan(cosine(vpn1, printer)).isGreaterThan(0.0);
    assertThat(cosine(vpn1, vpn2)).isGreaterThan(cosine(vpn1, pwd));
    assertThat(cosine(printer, pwd)).isLessThan(cosine(vpn1, vpn2));
  }

  @Test
  void bulk_embedding_on_the_inference_threads_keeps_input_order() {
    List<String> texts = tickets(120);
    List<float[]> bulk = embedder.embedAll(texts, 8);
    assertThat(bulk).hasSize(texts.size()).doesNotContainNull();
    for (int i = 0; i < texts.size(); i++) {
      assertThat(cosine(bulk.get(i), embedder.embed(texts.get(i))))
          .as("text %d", i)
          .isGreaterThan(QUANTISED_BATCH_TOLERANCE);
    }
  }

  @Test
  void concurrent_callers_each_get_vectors_of_their_own_texts() throws Exception {
    List<String> first = tickets(80);
    List<String> second = first.reversed();
    List<float[]> expectedFirst = embedder.embedAll(first, 16);
    try (var callers = java.util.concurrent.Executors.newFixedThreadPool(2)) {
      var a = callers.submit(() -> embedder.embedAll(first, 16));
      var b = callers.submit(() -> embedder.embedAll(second, 16));
      List<float[]> gotFirst = a.get();
      List<float[]> gotSecond = b.get();
      for (int i = 0; i < first.size(); i++) {
        // Same texts in the same windows give the same batches, hence the same vectors.
        assertThat(gotFirst.get(i)).containsExactly(expectedFirst.get(i));
        assertThat(cosine(gotSecond.get(first.size() - 1 - i), expectedFirst.get(i)))
            .isGreaterThan(QUANTISED_BATCH_TOLERANCE);
      }
    }
  }

  @Test
  void rejects_a_batch_size_below_one() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> embedder.embedAll(List.of("a"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch size must be at least 1, was 0");
  }

  /** Distinct ticket-like texts of growing length, so batches of several token lengths form. */
  private static List<String> tickets(int n) {
    String[] topics = {
      "printer jams on floor",
      "vpn drops from home",
      "password locked out",
      "outlook cannot sync",
      "sap login fails",
      "laptop battery swollen",
      "wifi slow in meeting room",
      "teams call echoes"
    };
    List<String> texts = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      texts.add(topics[i % topics.length] + " ticket " + i + " detail".repeat(i % 17));
    }
    return texts;
  }

  @ParameterizedTest
  @EnumSource(BundledModel.class)
  void matches_golden_vectors_recorded_once(BundledModel model) throws IOException {
    List<float[]> golden = GoldenVectors.read(model);
    try (Embedder exact = Embedder.bundled(model, 2, false);
        Embedder fast = Embedder.bundled(model)) {
      List<float[]> actual = exact.embedAll(GoldenVectors.SENTENCES);
      List<float[]> approximate = fast.embedAll(GoldenVectors.SENTENCES);
      assertThat(actual).hasSameSizeAs(golden);
      for (int i = 0; i < golden.size(); i++) {
        assertThat(cosine(actual.get(i), golden.get(i)))
            .as("sentence %d of %s", i, model)
            .isGreaterThanOrEqualTo(LangChain4jParityTest.EXACT);
        assertThat(cosine(approximate.get(i), golden.get(i)))
            .as("sentence %d of %s, tanh GELU", i, model)
            .isGreaterThan(LangChain4jParityTest.APPROXIMATE_GELU);
      }
    }
  }

  @Test
  void loads_a_custom_model_with_its_tokenizer_from_disk(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path model = dir.resolve("model.onnx");
    Path tokenizer = dir.resolve("tokenizer.json");
    try (var in = Embedder.class.getResourceAsStream("/all-minilm-l6-v2-q.onnx");
        var tin = Embedder.class.getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json")) {
      Files.copy(in, model);
      Files.copy(tin, tokenizer);
    }
    try (Embedder custom = Embedder.fromFiles(model, tokenizer, Pooling.MEAN, 128)) {
      assertThat(custom.modelId()).isEqualTo("custom:model.onnx");
      assertThat(custom.maxTokens()).isEqualTo(128);
      String text = "Outlook crashes when opening shared calendar";
      assertThat(cosine(custom.embed(text), embedder.embed(text))).isGreaterThan(0.999);
    }
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
