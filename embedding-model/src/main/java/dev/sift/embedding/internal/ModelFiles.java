package dev.sift.embedding.internal;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sift.embedding.EmbeddingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An ONNX model's bytes and its tokenizer, read from the classpath (a bundled model) or from disk
 * (a custom one), and the session that runs it. Not API: the embedder's loading step.
 *
 * @param model the ONNX file's bytes
 * @param tokenizer truncating to the model's token limit, without padding (batches pad themselves)
 */
public record ModelFiles(byte[] model, HuggingFaceTokenizer tokenizer) {

  /** Reads a bundled model's resources; {@code id} names it in errors. */
  public static ModelFiles bundled(
      String id, String modelResource, String tokenizerResource, int maxTokens) {
    byte[] bytes = readResource(modelResource);
    try (InputStream in = resource(tokenizerResource)) {
      return new ModelFiles(
          bytes, HuggingFaceTokenizer.newInstance(in, tokenizerOptions(maxTokens)));
    } catch (IOException e) {
      throw new EmbeddingException("cannot read tokenizer of " + id, e);
    }
  }

  /** Reads a custom model and its Hugging Face {@code tokenizer.json} from disk. */
  public static ModelFiles fromDisk(Path modelFile, Path tokenizerFile, int maxTokens) {
    try {
      return new ModelFiles(
          Files.readAllBytes(modelFile),
          HuggingFaceTokenizer.newInstance(tokenizerFile, tokenizerOptions(maxTokens)));
    } catch (IOException e) {
      throw new EmbeddingException(
          "cannot read custom model " + modelFile + " / " + tokenizerFile, e);
    }
  }

  /**
   * An ONNX session for the model, run with one ONNX thread: parallelism comes from running batches
   * side by side (see {@code Embedder}).
   *
   * @param approximateGelu computes GELU by its tanh approximation
   */
  public static OrtSession openSession(OrtEnvironment env, byte[] model, boolean approximateGelu)
      throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      // Spinning threads burn a core while waiting; on a shared machine that core belongs to
      // someone else.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      if (approximateGelu) {
        // GELU by its tanh approximation, as BERT's own code computes it: erf was 15% of
        // MiniLM-q's time, and the approximation makes embedding 13% faster while moving vectors
        // less than batch composition already does under int8 dynamic quantisation (median cosine
        // 0.9964 to the exact ones; docs/benchmarks.md).
        options.addConfigEntry("optimization.enable_gelu_approximation", "1");
      }
      return env.createSession(model, options);
    }
  }

  private static Map<String, String> tokenizerOptions(int maxTokens) {
    return Map.of(
        "truncation",
        "true",
        "padding",
        "false",
        "maxLength",
        Integer.toString(maxTokens),
        "modelMaxLength",
        Integer.toString(maxTokens));
  }

  private static InputStream resource(String name) {
    InputStream in = ModelFiles.class.getResourceAsStream(name);
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
}
