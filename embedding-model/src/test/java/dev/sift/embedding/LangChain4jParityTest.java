package dev.sift.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import org.junit.jupiter.api.Test;

/** Our own ONNX session must give the same vectors as LangChain4j's reference implementation of each model. */
class LangChain4jParityTest {

  private static final String TEXT = "Cannot print shipping labels from the WMS, printer shows offline";

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
    try (Embedder embedder = Embedder.bundled(model)) {
      assertThat(EmbedderTest.cosine(embedder.embed(TEXT), expected)).isGreaterThan(0.999);
    }
  }
}
