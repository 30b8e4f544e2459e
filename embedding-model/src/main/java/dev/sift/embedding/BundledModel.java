package dev.sift.embedding;

/**
 * In-process models that ship inside LangChain4j's embedding jars. Their ONNX file and {@code
 * tokenizer.json} are classpath resources, which Sift runs through its own ONNX Runtime session.
 */
public enum BundledModel {
  ALL_MINILM_L6_V2_Q(
      "all-minilm-l6-v2-q",
      "/all-minilm-l6-v2-q.onnx",
      "/all-minilm-l6-v2-q-tokenizer.json",
      Pooling.MEAN,
      256),
  ALL_MINILM_L6_V2(
      "all-minilm-l6-v2",
      "/all-minilm-l6-v2.onnx",
      "/all-minilm-l6-v2-tokenizer.json",
      Pooling.MEAN,
      256),
  BGE_SMALL_EN_V15_Q(
      "bge-small-en-v1.5-q",
      "/bge-small-en-v1.5-q.onnx",
      "/bge-small-en-v1.5-q-tokenizer.json",
      Pooling.CLS,
      512);

  private final String id;
  private final String modelResource;
  private final String tokenizerResource;
  private final Pooling pooling;
  private final int maxTokens;

  BundledModel(
      String id, String modelResource, String tokenizerResource, Pooling pooling, int maxTokens) {
    this.id = id;
    this.modelResource = modelResource;
    this.tokenizerResource = tokenizerResource;
    this.pooling = pooling;
    this.maxTokens = maxTokens;
  }

  public String id() {
    return id;
  }

  String modelResource() {
    return modelResource;
  }

  String tokenizerResource() {
    return tokenizerResource;
  }

  public Pooling pooling() {
    return pooling;
  }

  public int maxTokens() {
    return maxTokens;
  }

  /** Looks a model up by its id, e.g. {@code all-minilm-l6-v2-q}. */
  public static BundledModel byId(String id) {
    for (BundledModel m : values()) {
      if (m.id.equals(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown bundled model '"
            + id
            + "'; known: "
            + java.util.Arrays.stream(values()).map(BundledModel::id).toList());
  }
}
