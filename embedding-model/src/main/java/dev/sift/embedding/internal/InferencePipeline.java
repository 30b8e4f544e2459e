package dev.sift.embedding.internal;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtException;
import dev.sift.embedding.EmbeddingException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The bulk-embedding pipeline of an embedder and its inference threads: the calling thread
 * tokenises a window of texts, buckets it by token length into batches padded only to their longest
 * text, and hands the batches to the inference threads while it tokenises the next window.
 */
public final class InferencePipeline {

  /**
   * Texts tokenised and bucketed together; later windows are tokenised while earlier ones run.
   * Small windows pad more (fewer texts of equal length meet), and the first window's tokenisation
   * is not overlapped.
   */
  private static final int MIN_WINDOW = 512;

  private static final int WINDOW_BATCHES = 8;

  /**
   * Batches queued per inference thread, so tokenisation stays only a little ahead of inference.
   */
  private static final int QUEUED_PER_WORKER = 2;

  private final String modelId;
  private final HuggingFaceTokenizer tokenizer;
  private final UnaryOperator<String> clip;
  private final BatchRunner runner;
  private final int tokenBudget;
  private final int workers;
  private final Runnable ensureOpen;
  private final ExecutorService pool;

  /**
   * @param clip shortens a text before tokenising
   * @param ensureOpen throws when the embedder was closed, so that a close waiting for a call stops
   *     it at the next window
   */
  public InferencePipeline(
      String modelId,
      HuggingFaceTokenizer tokenizer,
      UnaryOperator<String> clip,
      BatchRunner runner,
      int tokenBudget,
      int workers,
      Runnable ensureOpen) {
    this.modelId = modelId;
    this.tokenizer = tokenizer;
    this.clip = clip;
    this.runner = runner;
    this.tokenBudget = tokenBudget;
    this.workers = workers;
    this.ensureOpen = ensureOpen;
    AtomicInteger threadNumber = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t =
                  new Thread(r, "sift-embed-" + modelId + "-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** The unit vectors of {@code texts}, in order, at most {@code batchSize} texts per ONNX run. */
  public float[][] embed(List<String> texts, int batchSize) {
    float[][] out = new float[texts.size()][];
    Semaphore queued = new Semaphore(workers * QUEUED_PER_WORKER);
    List<Future<?>> running = new ArrayList<>();
    int window = Math.max(MIN_WINDOW, batchSize * WINDOW_BATCHES);
    try {
      for (int from = 0; from < texts.size(); from += window) {
        ensureOpen.run(); // a close waiting for this call: submit no further window
        int offset = from;
        List<String> part = texts.subList(from, Math.min(texts.size(), from + window));
        Encoding[] encodings = tokenizer.batchEncode(part.stream().map(clip).toList());
        float[][] partOut = new float[part.size()][];
        for (int[] batch : Batches.byLength(encodings, batchSize, tokenBudget)) {
          queued.acquire();
          running.add(
              pool.submit(
                  () -> {
                    try {
                      runner.run(encodings, batch, partOut);
                      for (int idx : batch) {
                        out[offset + idx] = partOut[idx];
                      }
                      return null;
                    } finally {
                      queued.release();
                    }
                  }));
        }
      }
      for (Future<?> f : running) {
        f.get();
      }
      return out;
    } catch (InterruptedException e) {
      running.forEach(f -> f.cancel(false));
      Thread.currentThread().interrupt();
      throw new EmbeddingException("interrupted while embedding with " + modelId, e);
    } catch (EmbeddingException e) {
      running.forEach(f -> f.cancel(false));
      throw e;
    } catch (ExecutionException e) {
      running.forEach(f -> f.cancel(false));
      throw e.getCause() instanceof OrtException ort
          ? inferenceFailed(modelId, ort)
          : new EmbeddingException(
              "embedding with " + modelId + " failed: " + e.getCause(), e.getCause());
    }
  }

  /** Stops the inference threads, waiting up to a minute for running batches. */
  public void shutdown() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        throw new EmbeddingException(
            "embedding threads of " + modelId + " did not stop within a minute");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static EmbeddingException inferenceFailed(String modelId, OrtException e) {
    return new EmbeddingException(
        "ONNX inference failed for model " + modelId + ": " + e.getMessage(), e);
  }
}
