package dev.sift.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;

/**
 * With exact GELU our own ONNX session gives the same vectors as LangChain4j's reference
 * implementation of each model; the default tanh approximation stays close to them.
 */
class LangChain4jParityTest {

  /** The same computation up to floating-point order. */
  static final double EXACT = 0.999;

  /**
   * The tanh GELU moves vectors by about as much as int8 dynamic quantisation does between batch
   * compositions.
   */
  static final double APPROXIMATE_GELU = 0.98;

  private static final String TEXT =
      "Cannot print shipping labels from the WMS, printer shows offline";

  @Test
  void minilm_vectors_match_langchain4j() {
    assertParity(BundledModel.ALL_MINILM_L6_V2_Q, new AllMiniLmL6V2QuantizedEmbeddingModel());
  }

  @Test
  void bge_vectors_match_langchain4j() {
    assertParity(BundledModel.BGE_SMALL_EN_V15_Q, new BgeSmallEnV15QuantizedEmbeddingModel());
  }

  private static void assertParity(BundledModel model, EmbeddingModel reference) {
    float[] expected = reference.embed(TEXT).content().vector();
    try (Embedder exact = Embedder.bundled(model, 1, false);
        Embedder fast = Embedder.bundled(model)) {
      assertThat(EmbedderTest.cosine(exact.embed(TEXT), expected)).isGreaterThan(EXACT);
      assertThat(EmbedderTest.cosine(fast.embed(TEXT), expected))
          .isGreaterThan(APPROXIMATE_GELU)
          .isLessThan(EXACT); // the approximation is on: the vectors do move
    }
  }
}
