package dev.sift.evaluation.bench;

import dev.sift.data.ReadResult;
import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.embedding.TextPreparer;
import dev.sift.engine.Engine;
import dev.sift.engine.TicketStore;
import dev.sift.engine.TriageRequest;
import dev.sift.evaluation.Directories;
import dev.sift.evaluation.Exports;
import dev.sift.evaluation.Options;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Speed of the embedded default, measured in one process: embedding throughput at several batch
 * sizes, and the latency of single triage calls against an indexed history. A command, not a test:
 * numbers go to docs/benchmarks.md.
 *
 * <pre>
 * evaluation/bin/sift-eval bench --data tickets.csv --map 'subject=...,body=...' [--model id] [--texts 2000]
 * evaluation/bin/sift-eval bench --only embedding --data tickets.csv --map '...' [--models id,id] [--rounds 3]
 * evaluation/bin/sift-eval bench --only text-search --data tickets.csv --map '...' [--texts 8500] [--pg-url url]
 * </pre>
 *
 * <p>{@code --only embedding} compares embedding throughput with LangChain4j's {@code embedAll} of
 * the same models (see {@link EmbeddingBenchmark}) and skips import and triage; {@code --only
 * text-search} times BM25 search alone (see {@link TextSearchBenchmark}).
 */
public final class Benchmark {

  private static final int WARM_UP = 50;
  private static final int IMPORT_BATCH = 256;

  private Benchmark() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> o = Options.parse(args);
    ReadResult data = Exports.read(o);
    BundledModel model = BundledModel.byId(o.getOrDefault("model", "all-minilm-l6-v2-q"));
    int n = Math.min(data.tickets().size(), Integer.parseInt(o.getOrDefault("texts", "2000")));
    int queries = Integer.parseInt(o.getOrDefault("queries", "500"));
    List<Ticket> tickets = data.tickets();
    List<String> texts =
        tickets.subList(0, n).stream()
            .map(t -> TextPreparer.prepare(t.subject(), t.body()))
            .toList();
    if ("text-search".equals(o.get("only"))) {
      Path dir = Files.createTempDirectory("sift-bench-text");
      try {
        TextSearchBenchmark.run(
            texts,
            dir,
            o.get("pg-url"),
            Integer.parseInt(o.getOrDefault("queries", "2000")),
            System.out);
      } finally {
        Directories.deleteRecursively(dir);
      }
      return;
    }
    if ("embedding".equals(o.get("only"))) {
      EmbeddingBenchmark.run(
          texts,
          EmbeddingBenchmark.models(
              o.getOrDefault("models", "all-minilm-l6-v2-q,all-minilm-l6-v2")),
          Integer.parseInt(o.getOrDefault("rounds", "3")),
          System.out);
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores, java %s; model %s; %d texts%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        model.id(),
        n);
    try (Embedder embedder = Embedder.bundled(model)) {
      embedder.embedAll(texts.subList(0, Math.min(WARM_UP, n)));
      for (int batch : new int[] {1, 8, 32, 128}) {
        long start = System.nanoTime();
        embedder.embedAll(texts, batch);
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "embedding batch %3d: %7.1f texts/s%n", batch, n / secs);
      }
      latency(embedder, tickets, queries);
    }
  }

  private static void latency(Embedder embedder, List<Ticket> tickets, int queries)
      throws IOException {
    Path tmp = Files.createTempDirectory("sift-bench");
    try (LuceneVectorIndex index =
        LuceneVectorIndex.builder(tmp.resolve("index"), embedder.dimension()).build()) {
      TicketStore store = new TicketStore(embedder, index);
      int history = tickets.size() - Math.min(queries, tickets.size() / 5);
      long start = System.nanoTime();
      for (int i = 0; i < history; i += IMPORT_BATCH) {
        store.upsert("bench", tickets.subList(i, Math.min(history, i + IMPORT_BATCH)));
      }
      double secs = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "import: %d tickets in %.1f s (%.0f tickets/s, embedding and durable index)%n",
          history,
          secs,
          history / secs);
      try (Engine engine = Engine.builder(store, tmp.resolve("models")).build()) {
        long fit = System.nanoTime();
        engine.history().refit("bench");
        System.out.printf(
            Locale.ROOT, "calibration fit: %.1f s%n", (System.nanoTime() - fit) / 1e9);
        List<Ticket> probe = tickets.subList(history, tickets.size());
        for (int i = 0; i < Math.min(WARM_UP, probe.size()); i++) {
          engine.triage().triage("bench", request(probe.get(i)));
        }
        long[] nanos = new long[probe.size()];
        for (int i = 0; i < probe.size(); i++) {
          long t0 = System.nanoTime();
          engine.triage().triage("bench", request(probe.get(i)));
          nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf(
            Locale.ROOT,
            "triage latency over %d calls, one at a time, history %d: p50 %.1f ms,"
                + " p99 %.1f ms, max %.1f ms%n",
            nanos.length,
            history,
            nanos[nanos.length / 2] / 1e6,
            nanos[(int) Math.floor(nanos.length * 0.99)] / 1e6,
            nanos[nanos.length - 1] / 1e6);
      }
    } finally {
      Directories.deleteRecursively(tmp);
    }
  }

  private static TriageRequest request(Ticket t) {
    return new TriageRequest(null, t.subject(), t.body(), t.requester(), t.client(), t.createdAt());
  }
}
