package dev.sift.evaluation;

import dev.sift.data.ColumnMapping;
import dev.sift.data.LabelField;
import dev.sift.data.ReadResult;
import dev.sift.data.Ticket;
import dev.sift.data.TicketReader;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.embedding.TextPreparer;
import dev.sift.engine.EngineSettings;
import dev.sift.engine.Eta;
import dev.sift.engine.Retrieval;
import dev.sift.engine.TicketStore;
import dev.sift.engine.TriageEngine;
import dev.sift.engine.TriageRequest;
import dev.sift.engine.TriageResult;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Replays a split of a ticket export through the triage engine, with no HTTP and no Spring, and prints one line
 * of metrics per method. Used for the reference numbers in docs/accuracy.md.
 */
public final class Backtest {

  private static final String TENANT = "backtest";
  private static final int IMPORT_BATCH = 256;
  private static final double MINUTES_PER_HOUR = 60.0;

  private final PrintStream out;

  public Backtest(PrintStream out) {
    this.out = out;
  }

  /** One engine configuration to compare. */
  public record Method(String name, EngineSettings settings) {}

  /** How one method did on one field. */
  public record Score(String method, double accuracy, double macroF1, double precisionAt50, double precisionAt80,
      double coverageAtPrecision90, double abstainRate, double answeredPrecision, double calibrationError) {}

  public static void main(String[] args) throws IOException {
    Map<String, String> o = Options.parse(args);
    ReadResult data = read(o);
    String field = o.getOrDefault("field", "assignmentGroup");
    // ETA is scored like the peers' reference: only resolved tickets take part, split by time.
    List<Ticket> tickets = "eta".equals(field)
        ? data.tickets().stream().filter(t -> t.resolutionTime().isPresent()).toList() : data.tickets();
    Split split = Split.of(o.getOrDefault("split", "eta".equals(field) ? "time:0.2" : "random:0.2:42"), tickets);
    BundledModel model = BundledModel.byId(o.getOrDefault("model", "all-minilm-l6-v2-q"));
    List<Method> methods = new ArrayList<>();
    for (String k : o.getOrDefault("k", "5").split(",")) {
      methods.addAll(methods(o.getOrDefault("methods", "vector,bm25,hybrid"), Integer.parseInt(k),
          o.getOrDefault("temperatures", "0.1"), o.getOrDefault("linear", "0.5"),
          o.getOrDefault("lexical-weights", "1")));
    }
    Backtest bt = new Backtest(System.out);
    bt.out.printf(Locale.ROOT, "data %s: %d rows, %d skipped; split %s: %d train, %d test; model %s%n",
        o.get("data"), data.report().rowsRead(), data.report().skipped(), split.spec(), split.train().size(),
        split.test().size(), model.id());
    bt.run(split, model, methods, field);
  }

  static List<Method> methods(String names, int k, String temperatures, String linearWeights,
      String lexicalWeights) {
    List<Method> methods = new ArrayList<>();
    for (String name : names.split(",")) {
      for (String t : temperatures.split(",")) {
        for (String lw : linearWeights.split(",")) {
          for (String lex : name.equals("hybrid") ? lexicalWeights.split(",") : new String[] {"1"}) {
            EngineSettings s = EngineSettings.DEFAULTS.withK(k).withRetrieval(Retrieval.parse(name))
                .withLexicalHeadWeight(0).withVoteTemperature(Double.parseDouble(t))
                .withLinearWeight(Double.parseDouble(lw))
                .withLexicalWeight(Double.parseDouble(lex));
            String lexName = name.equals("hybrid") ? ",lex=" + lex : "";
            methods.add(new Method(name + "(k=" + k + ",T=" + t + ",lin=" + lw + lexName + ")", s));
          }
        }
      }
    }
    return methods;
  }

  public List<Score> run(Split split, BundledModel model, List<Method> methods, String field) throws IOException {
    List<Score> scores = new ArrayList<>();
    Path tmp = Files.createTempDirectory("sift-backtest");
    try (Embedder embedder = Embedder.bundled(model);
         LuceneVectorIndex index = LuceneVectorIndex.builder(tmp.resolve("index"), embedder.dimension()).build()) {
      TicketStore store = new TicketStore(embedder, index);
      long start = System.nanoTime();
      for (int i = 0; i < split.train().size(); i += IMPORT_BATCH) {
        store.upsert(TENANT, split.train().subList(i, Math.min(split.train().size(), i + IMPORT_BATCH)));
      }
      double secs = (System.nanoTime() - start) / 1e9;
      out.printf(Locale.ROOT, "indexed %d tickets in %.1f s (%.0f tickets/s)%n", split.train().size(), secs,
          split.train().size() / secs);
      List<float[]> testVectors = embedder.embedAll(split.test().stream()
          .map(t -> TextPreparer.prepare(t.subject(), t.body())).toList());
      if (!"eta".equals(field)) {
        LabelField label = LabelField.fromJsonName(field)
            .orElseThrow(() -> new IllegalArgumentException("unknown field " + field));
        out.printf(Locale.ROOT, "%-34s %8s %8s %8s %8s %8s %8s %8s %8s%n", "method", "acc", "macroF1", "p@50%",
            "p@80%", "cov@p90", "abstain", "ansPrec", "ECE");
        scores.add(majority(split, label));
        for (Method m : methods) {
          scores.add(classify(store, tmp, m, split, testVectors, label));
        }
      } else {
        eta(store, tmp, methods, split, testVectors);
      }
    } finally {
      deleteRecursively(tmp);
    }
    return scores;
  }

  private Score majority(Split split, LabelField label) {
    Map<String, Long> counts = new HashMap<>();
    split.train().forEach(t -> {
      if (t.label(label) != null) {
        counts.merge(t.label(label), 1L, Long::sum);
      }
    });
    String top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    List<Metrics.Prediction> ps = split.test().stream().filter(t -> t.label(label) != null)
        .map(t -> new Metrics.Prediction(top, 1.0, false, t.label(label))).toList();
    out.printf(Locale.ROOT, "%-34s %8.4f %8.4f%n", "majority", Metrics.accuracy(ps), Metrics.macroF1(ps));
    return new Score("majority", Metrics.accuracy(ps), Metrics.macroF1(ps), Metrics.accuracy(ps), Metrics.accuracy(ps),
        0, 0, Metrics.accuracy(ps), 0);
  }

  private Score classify(TicketStore store, Path tmp, Method m, Split split, List<float[]> vectors, LabelField label)
      throws IOException {
    try (TriageEngine engine = TriageEngine.builder(store, Files.createTempDirectory(tmp, "models"))
        .settings(m.settings()).build()) {
      engine.refit(TENANT);
      List<Ticket> test = split.test();
      Metrics.Prediction[] ps = new Metrics.Prediction[test.size()];
      IntStream.range(0, test.size()).parallel().forEach(i -> {
        Ticket t = test.get(i);
        if (t.label(label) == null) {
          return;
        }
        TriageResult r = engine.triageEmbedded(TENANT, request(t), m.settings().k(), vectors.get(i));
        TriageResult.Suggestion s = r.suggestions().get(label.jsonName());
        String predicted = s == null ? null
            : s.value() != null ? s.value() : s.alternatives().isEmpty() ? null : s.alternatives().getFirst().value();
        ps[i] = new Metrics.Prediction(predicted, s == null ? 0 : s.confidence(), s == null || s.abstained(),
            t.label(label));
      });
      List<Metrics.Prediction> list = Arrays.stream(ps).filter(p -> p != null).toList();
      Score score = new Score(m.name(), Metrics.accuracy(list), Metrics.macroF1(list),
          Metrics.precisionAtCoverage(list, 0.5), Metrics.precisionAtCoverage(list, 0.8),
          Metrics.coverageAtPrecision(list, 0.9), Metrics.abstainRate(list), Metrics.answeredPrecision(list),
          Metrics.expectedCalibrationError(list));
      out.printf(Locale.ROOT, "%-34s %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f%n", m.name(),
          score.accuracy(), score.macroF1(), score.precisionAt50(), score.precisionAt80(),
          score.coverageAtPrecision90(), score.abstainRate(), score.answeredPrecision(), score.calibrationError());
      return score;
    }
  }

  private void eta(TicketStore store, Path tmp, List<Method> methods, Split split, List<float[]> vectors)
      throws IOException {
    double[] history = split.train().stream().filter(t -> t.resolutionTime().isPresent())
        .mapToDouble(t -> t.resolutionTime().get().toSeconds() / 60.0).sorted().toArray();
    double median = history.length == 0 ? 0 : history[history.length / 2];
    List<Integer> resolved = IntStream.range(0, split.test().size())
        .filter(i -> split.test().get(i).resolutionTime().isPresent()).boxed().toList();
    out.printf(Locale.ROOT, "%-34s %10s %10s %10s (%d resolved test tickets)%n", "method", "medAE h", "MAE ln(1+h)",
        "p90 cover", resolved.size());
    double[] baseline = new double[resolved.size()];
    double[] actual = new double[resolved.size()];
    for (int j = 0; j < resolved.size(); j++) {
      actual[j] = split.test().get(resolved.get(j)).resolutionTime().get().toSeconds() / 60.0;
      baseline[j] = median;
    }
    printEta("history median", baseline, actual, null);
    for (Method m : methods) {
      for (double prior : new double[] {5, 10, 20, 1000}) {
        EngineSettings s = m.settings().withEtaPriorWeight(prior);
        try (TriageEngine engine = TriageEngine.builder(store, Files.createTempDirectory(tmp, "models"))
            .settings(s).build()) {
          engine.refit(TENANT);
          double[] p50 = new double[resolved.size()];
          double[] p90 = new double[resolved.size()];
          IntStream.range(0, resolved.size()).parallel().forEach(j -> {
            int i = resolved.get(j);
            Eta e = engine.triageEmbedded(TENANT, request(split.test().get(i)), s.k(), vectors.get(i)).eta();
            p50[j] = e == null ? median : e.p50Minutes();
            p90[j] = e == null ? median : e.p90Minutes();
          });
          printEta(m.name() + " prior=" + prior, p50, actual, p90);
        }
      }
    }
  }

  private void printEta(String name, double[] predicted, double[] actual, double[] p90) {
    double[] absHours = new double[actual.length];
    double logErr = 0;
    int covered = 0;
    for (int i = 0; i < actual.length; i++) {
      absHours[i] = Math.abs(predicted[i] - actual[i]) / MINUTES_PER_HOUR;
      logErr += Math.abs(Math.log1p(predicted[i] / MINUTES_PER_HOUR) - Math.log1p(actual[i] / MINUTES_PER_HOUR));
      covered += p90 != null && actual[i] <= p90[i] ? 1 : 0;
    }
    Arrays.sort(absHours);
    out.printf(Locale.ROOT, "%-34s %10.1f %10.3f %10s%n", name, absHours[absHours.length / 2], logErr / actual.length,
        p90 == null ? "-" : String.format(Locale.ROOT, "%.3f", covered / (double) actual.length));
  }

  private static TriageRequest request(Ticket t) {
    return new TriageRequest(null, t.subject(), t.body(), t.requester(), t.client(), t.createdAt());
  }

  static ReadResult read(Map<String, String> o) throws IOException {
    TicketReader.Builder b = TicketReader.builder()
        .mapping(o.containsKey("map") ? ColumnMapping.parse(o.get("map")) : ColumnMapping.identity());
    if (o.containsKey("date-format")) {
      b.dateFormat(o.get("date-format"));
    }
    return b.build().readAll(Path.of(o.get("data")));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** {@code --name value} pairs. */
  static final class Options {
    private Options() {}

    static Map<String, String> parse(String[] args) {
      Map<String, String> o = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("expected --name value, got '" + args[i] + "'");
        }
        o.put(args[i].substring(2), args[++i]);
      }
      return o;
    }
  }
}
