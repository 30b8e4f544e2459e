package dev.sift.evaluation.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Embedding throughput of Sift's {@link Embedder} against LangChain4j's {@code embedAll} of the
 * same model, in one process and on the same texts. Each round times LangChain4j and every batch
 * size back to back (LangChain4j first in rounds 1, 3, ..., last in rounds 2, 4, ...), and ratios
 * are taken within a round, so load from other processes that comes and goes shifts both sides
 * alike. Besides wall-clock texts/s it reports texts per CPU-second of the process, which a machine
 * shared with other work distorts much less. Started by {@code sift-eval bench --only embedding}.
 */
final class EmbeddingBenchmark {

  static final int[] BATCH_SIZES = {1, 8, 32, 128};
  private static final int WARM_UP_TEXTS = 64;

  /**
   * What {@code new AllMiniLmL6V2EmbeddingModel()} gives: LangChain4j's default in-process model,
   * fp32.
   */
  static final BundledModel LANGCHAIN4J_DEFAULT = BundledModel.ALL_MINILM_L6_V2;

  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private EmbeddingBenchmark() {}

  static void run(List<String> texts, List<BundledModel> models, int rounds, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "machine: %d cores, java %s; %d texts, %d rounds; medians over rounds, ratios to"
            + " LangChain4j taken within each round%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        texts.size(),
        rounds);
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    for (BundledModel model : models) {
      EmbeddingModel reference = langChain4j(model).get();
      // LangChain4j's default in-process model, timed too when it is not the model under test: the
      // issue's goal is set against it, and it is what a LangChain4j user gets without choosing.
      EmbeddingModel lcDefault =
          model == LANGCHAIN4J_DEFAULT ? null : langChain4j(LANGCHAIN4J_DEFAULT).get();
      try (Embedder embedder = Embedder.bundled(model)) {
        List<String> warm = texts.subList(0, Math.min(WARM_UP_TEXTS, texts.size()));
        reference.embedAll(segments.subList(0, warm.size()));
        if (lcDefault != null) {
          lcDefault.embedAll(segments.subList(0, warm.size()));
        }
        for (int batch : BATCH_SIZES) {
          embedder.embedAll(warm, batch);
        }
        Rate[] lc4j = new Rate[rounds];
        Rate[] lc4jDefault = new Rate[rounds];
        Rate[][] ours = new Rate[BATCH_SIZES.length][rounds];
        for (int r = 0; r < rounds; r++) {
          if (r % 2 == 0) {
            lc4j[r] = measure(texts.size(), () -> reference.embedAll(segments));
            lc4jDefault[r] =
                lcDefault == null
                    ? lc4j[r]
                    : measure(texts.size(), () -> lcDefault.embedAll(segments));
          }
          for (int b = 0; b < BATCH_SIZES.length; b++) {
            int batch = BATCH_SIZES[b];
            ours[b][r] = measure(texts.size(), () -> embedder.embedAll(texts, batch));
          }
          if (r % 2 == 1) {
            Rate before =
                lcDefault == null
                    ? null
                    : measure(texts.size(), () -> lcDefault.embedAll(segments));
            lc4j[r] = measure(texts.size(), () -> reference.embedAll(segments));
            lc4jDefault[r] = before == null ? lc4j[r] : before;
          }
          int round = r;
          out.printf(
              Locale.ROOT,
              "  round %d %s, wall (cpu) texts/s: langchain4j %s%s; sift at %s: %s%n",
              r + 1,
              model.id(),
              lc4j[r],
              lcDefault == null ? "" : ", langchain4j default " + lc4jDefault[r],
              Arrays.toString(BATCH_SIZES),
              Arrays.stream(ours).map(row -> row[round].toString()).toList());
        }
        out.printf(
            Locale.ROOT,
            "%s langchain4j embedAll:  %7.1f texts/s wall, %7.1f per cpu-second%n",
            model.id(),
            median(lc4j, Rate::wall),
            median(lc4j, Rate::cpu));
        if (lcDefault != null) {
          out.printf(
              Locale.ROOT,
              "%s langchain4j embedAll:  %7.1f texts/s wall, %7.1f per cpu-second"
                  + " (langchain4j's default model)%n",
              LANGCHAIN4J_DEFAULT.id(),
              median(lc4jDefault, Rate::wall),
              median(lc4jDefault, Rate::cpu));
        }
        out.printf(
            Locale.ROOT,
            "%s tokenisation alone:    %7.1f texts/s wall%n",
            model.id(),
            tokenisation(model, texts));
        for (int b = 0; b < BATCH_SIZES.length; b++) {
          Rate[] mine = ours[b];
          out.printf(
              Locale.ROOT,
              "%s sift batch %3d:        %7.1f texts/s wall, %7.1f per cpu-second;"
                  + " %.2fx langchain4j wall, %.2fx per cpu-second%s%n",
              model.id(),
              BATCH_SIZES[b],
              median(mine, Rate::wall),
              median(mine, Rate::cpu),
              ratio(mine, lc4j, Rate::wall),
              ratio(mine, lc4j, Rate::cpu),
              lcDefault == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      "; %.2fx langchain4j's default wall, %.2fx per cpu-second",
                      ratio(mine, lc4jDefault, Rate::wall),
                      ratio(mine, lc4jDefault, Rate::cpu)));
        }
      }
    }
  }

  /** The median over rounds of the within-round ratio. */
  private static double ratio(
      Rate[] mine, Rate[] theirs, java.util.function.ToDoubleFunction<Rate> part) {
    double[] r = new double[mine.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = part.applyAsDouble(mine[i]) / part.applyAsDouble(theirs[i]);
    }
    return median(r);
  }

  private static Supplier<EmbeddingModel> langChain4j(BundledModel model) {
    return switch (model) {
      case ALL_MINILM_L6_V2_Q -> AllMiniLmL6V2QuantizedEmbeddingModel::new;
      case ALL_MINILM_L6_V2 -> AllMiniLmL6V2EmbeddingModel::new;
      case BGE_SMALL_EN_V15_Q -> BgeSmallEnV15QuantizedEmbeddingModel::new;
    };
  }

  /**
   * How fast the model's tokenizer alone goes, to show what share of the time overlapping it can
   * hide.
   */
  private static double tokenisation(BundledModel model, List<String> texts) {
    String resource = "/" + model.id() + "-tokenizer.json";
    try (InputStream in = EmbeddingBenchmark.class.getResourceAsStream(resource);
        HuggingFaceTokenizer tokenizer =
            HuggingFaceTokenizer.newInstance(
                in,
                Map.of(
                    "truncation",
                    "true",
                    "padding",
                    "false",
                    "maxLength",
                    Integer.toString(model.maxTokens())))) {
      tokenizer.batchEncode(texts.subList(0, Math.min(WARM_UP_TEXTS, texts.size())));
      return rate(texts.size(), () -> tokenizer.batchEncode(texts));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static double rate(int texts, Runnable work) {
    return measure(texts, work).wall();
  }

  /** Texts per second of wall-clock time, and per second of CPU time of this whole process. */
  record Rate(double wall, double cpu) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.1f (%.1f)", wall, cpu);
    }
  }

  private static Rate measure(int texts, Runnable work) {
    long cpu = CPU.getProcessCpuTime();
    long start = System.nanoTime();
    work.run();
    double wallSecs = (System.nanoTime() - start) / 1e9;
    double cpuSecs = (CPU.getProcessCpuTime() - cpu) / 1e9;
    return new Rate(texts / wallSecs, texts / cpuSecs);
  }

  private static double median(Rate[] rates, java.util.function.ToDoubleFunction<Rate> part) {
    return median(Arrays.stream(rates).mapToDouble(part).toArray());
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
