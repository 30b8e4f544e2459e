package dev.sift.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sift.embedding.internal.BatchRunner;
import dev.sift.embedding.internal.Batches;
import dev.sift.embedding.internal.InferencePipeline;
import dev.sift.embedding.internal.ModelFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Turns text into L2-normalised vectors with ONNX Runtime. One instance owns one ONNX session, one
 * tokenizer and a few inference threads, is safe to share between threads, and must be closed by
 * whoever built it.
 *
 * <p>Bulk embedding is a pipeline: the calling thread tokenises a window of texts, buckets it by
 * token length into batches padded only to their longest text, and hands the batches to the
 * inference threads while it tokenises the next window. The threads run different batches at once
 * on one shared session with one ONNX Runtime thread each: on a few cores, batches side by side
 * keep the cores busier than one batch split across threads, which waits at every operator for the
 * slowest thread.
 */
public final class Embedder implements AutoCloseable {

  /**
   * Texts per ONNX run, measured with {@code sift-eval bench --only embedding}
   * (docs/benchmarks.md).
   */
  public static final int DEFAULT_BATCH_SIZE = 8;

  /**
   * Padded tokens per ONNX run at most: batches of long texts get fewer texts, so activations stay
   * in cache.
   */
  public static final int TOKEN_BUDGET = 4096;

  /**
   * Characters kept before tokenising; far more than any model's token limit, so it only guards the
   * tokenizer.
   */
  private static final int CHARS_PER_TOKEN_BUDGET = 12;

  private final String modelId;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final int maxTokens;
  private final int dimension;
  private final BatchRunner runner;
  private final InferencePipeline pipeline;

  /** Embedding calls hold it shared, close() exclusively. */
  private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();

  private volatile boolean closed;

  private Embedder(
      String modelId,
      byte[] model,
      HuggingFaceTokenizer tokenizer,
      Pooling pooling,
      int maxTokens,
      int threads,
      boolean approximateGelu) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    this.modelId = modelId;
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try {
      this.session = ModelFiles.openSession(env, model, approximateGelu);
      this.runner = new BatchRunner(env, session, pooling == Pooling.CLS);
      this.dimension = embedOnCaller(List.of("dimension probe"))[0].length;
    } catch (OrtException e) {
      tokenizer.close();
      throw new EmbeddingException("cannot load ONNX model " + modelId + ": " + e.getMessage(), e);
    }
    this.pipeline =
        new InferencePipeline(
            modelId, tokenizer, this::clip, runner, TOKEN_BUDGET, threads, this::ensureOpen);
  }

  /**
   * Loads one of the models bundled on the classpath, running as many batches at once as there are
   * cores.
   */
  public static Embedder bundled(BundledModel model) {
    return bundled(model, Runtime.getRuntime().availableProcessors());
  }

  /** Loads a bundled model that runs up to {@code threads} batches at once. */
  public static Embedder bundled(BundledModel model, int threads) {
    return bundled(model, threads, true);
  }

  /**
   * Loads a bundled model.
   *
   * @param approximateGelu true (the default elsewhere) computes GELU by its tanh approximation,
   *     13% faster; false computes it exactly, giving the vectors of LangChain4j's implementation
   *     of the same model
   */
  public static Embedder bundled(BundledModel model, int threads, boolean approximateGelu) {
    ModelFiles files =
        ModelFiles.bundled(
            model.id(), model.modelResource(), model.tokenizerResource(), model.maxTokens());
    return new Embedder(
        model.id(),
        files.model(),
        files.tokenizer(),
        model.pooling(),
        model.maxTokens(),
        threads,
        approximateGelu);
  }

  /**
   * Loads a custom model from disk, for example a multilingual one.
   *
   * @param modelFile the ONNX file; it must take {@code input_ids} and {@code attention_mask}
   * @param tokenizerFile the model's Hugging Face {@code tokenizer.json}
   * @param pooling how token vectors are pooled
   * @param maxTokens the model's token limit; longer texts are truncated
   */
  public static Embedder fromFiles(
      Path modelFile, Path tokenizerFile, Pooling pooling, int maxTokens) {
    Objects.requireNonNull(pooling, "pooling");
    if (maxTokens < 8) {
      throw new IllegalArgumentException("maxTokens must be at least 8, was " + maxTokens);
    }
    ModelFiles files = ModelFiles.fromDisk(modelFile, tokenizerFile, maxTokens);
    return new Embedder(
        "custom:" + modelFile.getFileName(),
        files.model(),
        files.tokenizer(),
        pooling,
        maxTokens,
        Runtime.getRuntime().availableProcessors(),
        true);
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

  /**
   * Embeds texts in order, at most {@code batchSize} texts (and {@link #TOKEN_BUDGET} tokens) per
   * ONNX run.
   *
   * @throws EmbeddingException when the embedder is closed, before or while it runs
   */
  public List<float[]> embedAll(List<String> texts, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
    }
    if (texts.isEmpty()) {
      return List.of();
    }
    // Held for the whole call, so that close() waits for it rather than free the native session
    // under a run.
    inUse.readLock().lock();
    try {
      ensureOpen();
      return embedOpen(texts, batchSize);
    } finally {
      inUse.readLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new EmbeddingException("embedder " + modelId + " is closed");
    }
  }

  private List<float[]> embedOpen(List<String> texts, int batchSize) {
    if (texts.size() <= batchSize) {
      // One batch: handing it to another thread would only add latency.
      try {
        return Arrays.asList(embedOnCaller(texts));
      } catch (OrtException e) {
        throw InferencePipeline.inferenceFailed(modelId, e);
      }
    }
    return Arrays.asList(pipeline.embed(texts, batchSize));
  }

  private float[][] embedOnCaller(List<String> texts) throws OrtException {
    Encoding[] encodings = tokenizer.batchEncode(texts.stream().map(this::clip).toList());
    float[][] out = new float[texts.size()][];
    for (int[] batch : Batches.byLength(encodings, encodings.length, TOKEN_BUDGET)) {
      ensureOpen(); // a close waiting for this call: stop at the next batch
      runner.run(encodings, batch, out);
    }
    return out;
  }

  private String clip(String text) {
    String t = text == null ? "" : text;
    int limit = maxTokens * CHARS_PER_TOKEN_BUDGET;
    return t.length() > limit ? t.substring(0, limit) : t;
  }

  /**
   * Closes the session, the tokenizer and the threads. Calls already running finish their current
   * batch first (a native session freed under a run would crash the JVM); calls that come later
   * fail with an {@link EmbeddingException}.
   */
  @Override
  public void close() {
    closed = true;
    inUse.writeLock().lock();
    try {
      closeResources();
    } finally {
      inUse.writeLock().unlock();
    }
  }

  private void closeResources() {
    pipeline.shutdown();
    try {
      session.close();
    } catch (OrtException e) {
      throw new EmbeddingException("cannot close ONNX session of " + modelId, e);
    } finally {
      tokenizer.close();
    }
  }
}
