package dev.sift.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sift.embedding.internal.Batches;
import dev.sift.embedding.internal.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns text into L2-normalised vectors with ONNX Runtime. One instance owns one ONNX session and one tokenizer, is
 * safe to share between threads, and must be closed by whoever built it.
 *
 * <p>Batches are bucketed by token length and padded only to the longest text of their bucket, so short tickets do
 * not pay for long ones.
 */
public final class Embedder implements AutoCloseable {

  /** Texts per ONNX run: large enough to amortise the call, small enough that padding stays cheap. */
  public static final int DEFAULT_BATCH_SIZE = 32;
  /** Characters kept before tokenising; far more than any model's token limit, so it only guards the tokenizer. */
  private static final int CHARS_PER_TOKEN_BUDGET = 12;

  private final String modelId;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final Pooling pooling;
  private final int maxTokens;
  private final int dimension;
  private final boolean needsTokenTypes;
  private final String outputName;

  private Embedder(String modelId, byte[] model, HuggingFaceTokenizer tokenizer, Pooling pooling, int maxTokens,
      int threads) {
    this.modelId = modelId;
    this.tokenizer = tokenizer;
    this.pooling = pooling;
    this.maxTokens = maxTokens;
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      this.session = env.createSession(model, options);
      this.needsTokenTypes = session.getInputNames().contains("token_type_ids");
      this.outputName = session.getOutputNames().contains("last_hidden_state")
          ? "last_hidden_state" : session.getOutputNames().iterator().next();
      this.dimension = embedPrepared(List.of("dimension probe")).getFirst().length;
    } catch (OrtException e) {
      tokenizer.close();
      throw new EmbeddingException("cannot load ONNX model " + modelId + ": " + e.getMessage(), e);
    }
  }

  /** Loads one of the models bundled on the classpath, with ONNX Runtime threads set to the available cores. */
  public static Embedder bundled(BundledModel model) {
    return bundled(model, Runtime.getRuntime().availableProcessors());
  }

  public static Embedder bundled(BundledModel model, int threads) {
    byte[] bytes = readResource(model.modelResource());
    HuggingFaceTokenizer tokenizer;
    try (InputStream in = resource(model.tokenizerResource())) {
      tokenizer = HuggingFaceTokenizer.newInstance(in, tokenizerOptions(model.maxTokens()));
    } catch (IOException e) {
      throw new EmbeddingException("cannot read tokenizer of " + model.id(), e);
    }
    return new Embedder(model.id(), bytes, tokenizer, model.pooling(), model.maxTokens(), threads);
  }

  /**
   * Loads a custom model from disk, for example a multilingual one.
   *
   * @param modelFile the ONNX file; it must take {@code input_ids} and {@code attention_mask}
   * @param tokenizerFile the model's Hugging Face {@code tokenizer.json}
   * @param pooling how token vectors are pooled
   * @param maxTokens the model's token limit; longer texts are truncated
   */
  public static Embedder fromFiles(Path modelFile, Path tokenizerFile, Pooling pooling, int maxTokens) {
    Objects.requireNonNull(pooling, "pooling");
    if (maxTokens < 8) {
      throw new IllegalArgumentException("maxTokens must be at least 8, was " + maxTokens);
    }
    byte[] bytes;
    HuggingFaceTokenizer tokenizer;
    try {
      bytes = Files.readAllBytes(modelFile);
      tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFile, tokenizerOptions(maxTokens));
    } catch (IOException e) {
      throw new EmbeddingException("cannot read custom model " + modelFile + " / " + tokenizerFile, e);
    }
    String id = "custom:" + modelFile.getFileName();
    return new Embedder(id, bytes, tokenizer, pooling, maxTokens, Runtime.getRuntime().availableProcessors());
  }

  public String modelId() {
    return modelId;
  }

  public int dimension() {
    return dimension;
  }

  public int maxTokens() {
    return maxTokens;
  }

  /** Embeds one ticket: the subject first, then the cleaned body. */
  public float[] embedTicket(String subject, String body) {
    return embed(TextPreparer.prepare(subject, body));
  }

  public float[] embed(String text) {
    return embedAll(List.of(text)).getFirst();
  }

  /** Embeds texts in order; the result has one unit vector per text. */
  public List<float[]> embedAll(List<String> texts) {
    return embedAll(texts, DEFAULT_BATCH_SIZE);
  }

  public List<float[]> embedAll(List<String> texts, int batchSize) {
    if (texts.isEmpty()) {
      return List.of();
    }
    List<String> clipped = texts.stream().map(this::clip).toList();
    Encoding[] encodings = tokenizer.batchEncode(clipped);
    float[][] out = new float[texts.size()][];
    for (int[] batch : Batches.byLength(encodings, batchSize)) {
      List<float[]> vectors = run(encodings, batch);
      for (int i = 0; i < batch.length; i++) {
        out[batch[i]] = vectors.get(i);
      }
    }
    return Arrays.asList(out);
  }

  private List<float[]> embedPrepared(List<String> texts) throws OrtException {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    int[] all = new int[encodings.length];
    Arrays.setAll(all, i -> i);
    return runOrThrow(encodings, all);
  }

  private String clip(String text) {
    String t = text == null ? "" : text;
    int limit = maxTokens * CHARS_PER_TOKEN_BUDGET;
    return t.length() > limit ? t.substring(0, limit) : t;
  }

  private List<float[]> run(Encoding[] encodings, int[] batch) {
    try {
      return runOrThrow(encodings, batch);
    } catch (OrtException e) {
      throw new EmbeddingException("ONNX inference failed for model " + modelId + ": " + e.getMessage(), e);
    }
  }

  private List<float[]> runOrThrow(Encoding[] encodings, int[] batch) throws OrtException {
    int seq = 0;
    for (int idx : batch) {
      seq = Math.max(seq, encodings[idx].getIds().length);
    }
    int n = batch.length;
    long[] ids = new long[n * seq];
    long[] mask = new long[n * seq];
    long[] types = new long[n * seq];
    for (int row = 0; row < n; row++) {
      Encoding e = encodings[batch[row]];
      long[] rowIds = e.getIds();
      System.arraycopy(rowIds, 0, ids, row * seq, rowIds.length);
      System.arraycopy(e.getAttentionMask(), 0, mask, row * seq, rowIds.length);
      System.arraycopy(e.getTypeIds(), 0, types, row * seq, rowIds.length);
    }
    long[] shape = {n, seq};
    try (OnnxTensor tIds = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
         OnnxTensor tMask = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
         OnnxTensor tTypes = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape)) {
      Map<String, OnnxTensor> inputs = needsTokenTypes
          ? Map.of("input_ids", tIds, "attention_mask", tMask, "token_type_ids", tTypes)
          : Map.of("input_ids", tIds, "attention_mask", tMask);
      try (OrtSession.Result result = session.run(inputs, java.util.Set.of(outputName))) {
        OnnxTensor hidden = (OnnxTensor) result.get(0);
        long[] hs = hidden.getInfo().getShape();
        int dim = (int) hs[hs.length - 1];
        java.nio.FloatBuffer buf = hidden.getFloatBuffer();
        List<float[]> vectors = new ArrayList<>(n);
        for (int row = 0; row < n; row++) {
          float[] v = hs.length == 2
              ? Pool.row(buf, row, dim)
              : Pool.tokens(buf, row, seq, dim, mask, pooling == Pooling.CLS);
          vectors.add(Pool.normalise(v));
        }
        return vectors;
      }
    }
  }

  private static Map<String, String> tokenizerOptions(int maxTokens) {
    return Map.of("truncation", "true", "padding", "false", "maxLength", Integer.toString(maxTokens),
        "modelMaxLength", Integer.toString(maxTokens));
  }

  private static InputStream resource(String name) {
    InputStream in = Embedder.class.getResourceAsStream(name);
    if (in == null) {
      throw new EmbeddingException("bundled model resource " + name + " is not on the classpath");
    }
    return in;
  }

  private static byte[] readResource(String name) {
    try (InputStream in = resource(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new EmbeddingException("cannot read bundled model resource " + name, e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new EmbeddingException("cannot close ONNX session of " + modelId, e);
    } finally {
      tokenizer.close();
    }
  }
}
