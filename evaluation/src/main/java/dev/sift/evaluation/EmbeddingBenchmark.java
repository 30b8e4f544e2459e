package dev.sift.evaluation;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Embedding throughput of Sift's {@link Embedder} against LangChain4j's {@code embedAll} of the same model, in one
 * process and on the same texts. Each round times LangChain4j and every batch size back to back (LangChain4j first
 * in even rounds, last in odd ones), and the ratio is taken within a round, so load from other processes that comes
 * and goes shifts both sides alike. Started by {@code sift-eval bench --only embedding}.
 */
final class EmbeddingBenchmark {

  static final int[] BATCH_SIZES = {1, 8, 32, 128};
  private static final int WARM_UP_TEXTS = 64;

  private EmbeddingBenchmark() {}

  static void run(List<String> texts, List<BundledModel> models, int rounds, PrintStream out) {
    out.printf(Locale.ROOT, "machine: %d cores, java %s; %d texts, %d rounds; median texts/s, ratio to LangChain4j"
        + " within each round%n", Runtime.getRuntime().availableProcessors(), Runtime.version(), texts.size(), rounds);
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    for (BundledModel model : models) {
      EmbeddingModel reference = langChain4j(model).get();
      try (Embedder embedder = Embedder.bundled(model)) {
        List<String> warm = texts.subList(0, Math.min(WARM_UP_TEXTS, texts.size()));
        reference.embedAll(segments.subList(0, warm.size()));
        for (int batch : BATCH_SIZES) {
          embedder.embedAll(warm, batch);
        }
        double[] lc4j = new double[rounds];
        double[][] ours = new double[BATCH_SIZES.length][rounds];
        double[][] ratio = new double[BATCH_SIZES.length][rounds];
        for (int r = 0; r < rounds; r++) {
          if (r % 2 == 0) {
            lc4j[r] = rate(texts.size(), () -> reference.embedAll(segments));
          }
          for (int b = 0; b < BATCH_SIZES.length; b++) {
            int batch = BATCH_SIZES[b];
            ours[b][r] = rate(texts.size(), () -> embedder.embedAll(texts, batch));
          }
          if (r % 2 == 1) {
            lc4j[r] = rate(texts.size(), () -> reference.embedAll(segments));
          }
          for (int b = 0; b < BATCH_SIZES.length; b++) {
            ratio[b][r] = ours[b][r] / lc4j[r];
          }
          out.printf(Locale.ROOT, "  round %d %s: langchain4j %.1f, ours %s texts/s%n", r + 1, model.id(), lc4j[r],
              Arrays.stream(ours).map(row -> String.format(Locale.ROOT, "%.1f", row[0])).toList());
        }
        out.printf(Locale.ROOT, "%s langchain4j embedAll: %7.1f texts/s%n", model.id(), median(lc4j));
        for (int b = 0; b < BATCH_SIZES.length; b++) {
          out.printf(Locale.ROOT, "%s sift batch %3d:       %7.1f texts/s  %.2fx langchain4j%n", model.id(),
              BATCH_SIZES[b], median(ours[b]), median(ratio[b]));
        }
      }
    }
  }

  private static Supplier<EmbeddingModel> langChain4j(BundledModel model) {
    return switch (model) {
      case ALL_MINILM_L6_V2_Q -> AllMiniLmL6V2QuantizedEmbeddingModel::new;
      case ALL_MINILM_L6_V2 -> AllMiniLmL6V2EmbeddingModel::new;
      case BGE_SMALL_EN_V15_Q -> BgeSmallEnV15QuantizedEmbeddingModel::new;
    };
  }

  private static double rate(int texts, Runnable work) {
    long start = System.nanoTime();
    work.run();
    return texts / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static List<BundledModel> models(String ids) {
    List<BundledModel> models = new ArrayList<>();
    for (String id : ids.split(",")) {
      models.add(BundledModel.byId(id.trim()));
    }
    return models;
  }
}
