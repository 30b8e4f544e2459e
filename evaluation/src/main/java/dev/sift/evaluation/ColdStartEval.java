package dev.sift.evaluation;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.engine.TicketStore;
import dev.sift.engine.TriageEngine;
import dev.sift.engine.TriageRequest;
import dev.sift.engine.TriageResult;
import dev.sift.engine.coldstart.ColdStart;
import dev.sift.engine.coldstart.Taxonomy;
import dev.sift.engine.coldstart.ZeroShotClassifier;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * {@code sift-eval cold-start}: zero-shot accuracy on the most frequent assignment groups against always answering
 * the majority, the fit of zero-shot's prior calibration, and the hand-over curve: accuracy of zero-shot,
 * neighbours and Sift's own per-field choice as the history grows. Taxonomies come from the label names plus a few
 * example subjects each, taken from the history side of the split.
 */
final class ColdStartEval {

  static final String TENANT = "cold";
  private static final String FIELD = LabelField.ASSIGNMENT_GROUP.jsonName();
  private static final int IMPORT_BATCH = 256;
  private static final int ECE_BINS = 10;
  private static final int NEWTON_STEPS = 50;

  private final PrintStream out;
  private final PrintStream err;

  ColdStartEval(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static void main(String[] args) throws IOException {
    new ColdStartEval(System.out, System.err).run(Backtest.Options.parse(args));
  }

  void run(Map<String, String> o) throws IOException {
    List<Ticket> tickets = Backtest.read(o).tickets().stream().filter(t -> t.assignmentGroup() != null).toList();
    Split split = Split.of(o.getOrDefault("split", "random:0.2:42"), tickets);
    int top = Integer.parseInt(o.getOrDefault("top", "10"));
    int examples = Integer.parseInt(o.getOrDefault("examples", "3"));
    String model = o.getOrDefault("model", BundledModel.ALL_MINILM_L6_V2_Q.id());
    List<String> sizes = List.of(o.getOrDefault("sizes", "0,50,200,1000,all").split(","));
    out.printf(Locale.ROOT, "split %s: %d history, %d test; model %s; %d example subjects per label%n",
        split.spec(), split.train().size(), split.test().size(), model, examples);
    try (Embedder embedder = Embedder.bundled(BundledModel.byId(model))) {
      // Embedding dominates the run time; --vector-cache keeps the vectors of this data, split and model on disk.
      Path cache = o.containsKey("vector-cache") ? Path.of(o.get("vector-cache")) : null;
      List<float[]> testVectors = Embeddings.cached(part(cache, "test"), embedder, split.test(), err,
          "embedding test tickets");
      List<float[]> trainVectors = Embeddings.cached(part(cache, "train"), embedder, split.train(), err,
          "embedding train tickets");
      zeroShotTopGroups(embedder, split, trainVectors, testVectors, top, examples);
      handOverCurve(embedder, split, trainVectors, testVectors, examples, sizes, o.get("work-dir"));
    }
  }

  // --- zero-shot on the top groups --------------------------------------------------------------------------------

  private void zeroShotTopGroups(Embedder embedder, Split split, List<float[]> trainVectors,
      List<float[]> testVectors, int top, int examples) {
    List<String> groups = byFrequency(split.train()).subList(0, top);
    Set<String> topSet = new HashSet<>(groups);
    Taxonomy taxonomy = taxonomy(split.train(), groups, examples);
    Set<String> exampleIds = exampleIds(split.train(), groups, examples);
    ZeroShotClassifier.Prototypes p = new ZeroShotClassifier(embedder).prototypes(taxonomy).get(FIELD);

    // The prior calibration is fitted on history tickets (never the examples), and measured on the test tickets.
    List<Integer> calibrationIdx = IntStream.range(0, split.train().size()).filter(i -> {
      Ticket t = split.train().get(i);
      return topSet.contains(t.assignmentGroup()) && !exampleIds.contains(t.id());
    }).boxed().toList();
    List<Ticket> calibration = calibrationIdx.stream().map(split.train()::get).toList();
    List<float[]> calibrationVectors = calibrationIdx.stream().map(trainVectors::get).toList();
    double[][] fit = outcomes(p, calibration, calibrationVectors);
    double[] ab = logistic(fit[0], fit[1]);

    List<Integer> testIdx = IntStream.range(0, split.test().size())
        .filter(i -> topSet.contains(split.test().get(i).assignmentGroup())).boxed().toList();
    List<Ticket> test = testIdx.stream().map(split.test()::get).toList();
    double[][] res = outcomes(p, test, testIdx.stream().map(testVectors::get).toList());
    int n = test.size();
    double right = 0;
    for (double c : res[1]) {
      right += c;
    }
    String majority = byFrequency(split.train().stream().filter(t -> topSet.contains(t.assignmentGroup()))
        .toList()).getFirst();
    long majorityRight = test.stream().filter(t -> t.assignmentGroup().equals(majority)).count();
    double[] conf = new double[n];
    for (int i = 0; i < n; i++) {
      conf[i] = ZeroShotClassifier.priorConfidence(res[0][i]);
    }
    double threshold = 0.5;
    int answered = 0;
    int answeredRight = 0;
    for (int i = 0; i < n; i++) {
      if (conf[i] >= threshold) {
        answered++;
        answeredRight += res[1][i] > 0 ? 1 : 0;
      }
    }
    out.printf(Locale.ROOT, "%n## zero-shot on the top %d assignment groups (%d test tickets)%n", top, n);
    out.println("| method | top-1 accuracy | coverage at prior confidence >= 0.5 | precision when answering | ECE |");
    out.println("|---|---|---|---|---|");
    out.printf(Locale.ROOT, "| always the majority group (%s) | %.3f | – | – | – |%n", majority,
        majorityRight / (double) n);
    out.printf(Locale.ROOT, "| zero-shot (names + %d example subjects) | %.3f | %.3f | %.3f | %.3f |%n", examples,
        right / n, answered / (double) n, answered == 0 ? Double.NaN : answeredRight / (double) answered,
        ece(conf, res[1]));
    out.printf(Locale.ROOT, "prior calibration fitted on %d history tickets: intercept %.3f, slope %.3f "
        + "(shipped: %.3f, %.3f)%n", calibration.size(), ab[0], ab[1], priorIntercept(), priorSlope());
    double[] fitted = new double[n];
    int fittedAnswered = 0;
    int fittedRight = 0;
    for (int i = 0; i < n; i++) {
      fitted[i] = 1 / (1 + Math.exp(-(ab[0] + ab[1] * res[0][i])));
      if (fitted[i] >= threshold) {
        fittedAnswered++;
        fittedRight += res[1][i] > 0 ? 1 : 0;
      }
    }
    out.printf(Locale.ROOT, "with the fitted constants on the test tickets: coverage %.3f, precision when answering "
        + "%.3f, ECE %.3f%n", fittedAnswered / (double) n,
        fittedAnswered == 0 ? Double.NaN : fittedRight / (double) fittedAnswered, ece(fitted, res[1]));
  }

  /** {margins, 1 if the top entry is right else 0}. */
  private static double[][] outcomes(ZeroShotClassifier.Prototypes p, List<Ticket> tickets, List<float[]> vectors) {
    double[] margins = new double[tickets.size()];
    double[] correct = new double[tickets.size()];
    for (int i = 0; i < tickets.size(); i++) {
      List<ZeroShotClassifier.Scored> ranked = ZeroShotClassifier.rank(p, vectors.get(i), null);
      margins[i] = ZeroShotClassifier.margin(ranked);
      correct[i] = ranked.getFirst().label().equals(tickets.get(i).assignmentGroup()) ? 1 : 0;
    }
    return new double[][] {margins, correct};
  }

  /** Two-parameter logistic regression by Newton's method: P(right) = sigmoid(a + b * x). */
  static double[] logistic(double[] x, double[] y) {
    double a = 0;
    double b = 0;
    for (int step = 0; step < NEWTON_STEPS; step++) {
      double ga = 0;
      double gb = 0;
      double haa = 0;
      double hab = 0;
      double hbb = 0;
      for (int i = 0; i < x.length; i++) {
        double p = 1 / (1 + Math.exp(-(a + b * x[i])));
        double w = p * (1 - p);
        ga += y[i] - p;
        gb += (y[i] - p) * x[i];
        haa += w;
        hab += w * x[i];
        hbb += w * x[i] * x[i];
      }
      double det = haa * hbb - hab * hab;
      if (det <= 0) {
        break;
      }
      a += (hbb * ga - hab * gb) / det;
      b += (haa * gb - hab * ga) / det;
    }
    return new double[] {a, b};
  }

  private static double ece(double[] conf, double[] correct) {
    double[] sumConf = new double[ECE_BINS];
    double[] sumRight = new double[ECE_BINS];
    int[] count = new int[ECE_BINS];
    for (int i = 0; i < conf.length; i++) {
      int bin = Math.min(ECE_BINS - 1, (int) (conf[i] * ECE_BINS));
      sumConf[bin] += conf[i];
      sumRight[bin] += correct[i];
      count[bin]++;
    }
    double e = 0;
    for (int b = 0; b < ECE_BINS; b++) {
      if (count[b] > 0) {
        e += Math.abs(sumConf[b] - sumRight[b]) / conf.length;
      }
    }
    return e;
  }

  private static double priorIntercept() {
    return -Math.log(1 / ZeroShotClassifier.priorConfidence(0) - 1);
  }

  private static double priorSlope() {
    return -Math.log(1 / ZeroShotClassifier.priorConfidence(1) - 1) - priorIntercept();
  }

  // --- the hand-over curve ----------------------------------------------------------------------------------------

  private record Row(String method, double accuracy, double coverage, double precision, String chosen) {}

  private void handOverCurve(Embedder embedder, Split split, List<float[]> trainVectors,
      List<float[]> testVectors, int examples,
      List<String> sizes, String workDir) throws IOException {
    List<String> groups = byFrequency(split.train());
    Taxonomy taxonomy = taxonomy(split.train(), groups, examples);
    // Prediction logs force every line to disk; in memory-backed /dev/shm that costs nothing.
    Path base = workDir != null ? Path.of(workDir)
        : Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
    Path dir = Files.createTempDirectory(base, "sift-cold-start-");
    out.printf(Locale.ROOT, "%n## hand-over curve: all %d assignment groups, %d test tickets%n", groups.size(),
        split.test().size());
    out.println("| history tickets | method | top-1 accuracy | coverage | precision when answering | method chosen |");
    out.println("|---|---|---|---|---|---|");
    try (LuceneVectorIndex index = LuceneVectorIndex.builder(dir.resolve("index"), embedder.dimension()).build()) {
      TicketStore store = new TicketStore(embedder, index);
      ColdStart.Settings never = new ColdStart.Settings(Integer.MAX_VALUE, 0.9, 30, 2_000);
      try (TriageEngine neighbours = TriageEngine.builder(store, dir.resolve("m-neighbours")).build();
          TriageEngine zeroShot = TriageEngine.builder(store, dir.resolve("m-zero-shot"))
              .coldStart(dir.resolve("cold-zero-shot"), never, null).build();
          TriageEngine auto = TriageEngine.builder(store, dir.resolve("m-auto"))
              .coldStart(dir.resolve("cold-auto"), ColdStart.Settings.DEFAULTS, null).build()) {
        zeroShot.coldStart().orElseThrow().taxonomies().put(TENANT, taxonomy);
        auto.coldStart().orElseThrow().taxonomies().put(TENANT, taxonomy);
        int loaded = 0;
        for (String s : sizes) {
          int size = s.equals("all") ? split.train().size() : Math.min(Integer.parseInt(s), split.train().size());
          for (int i = loaded; i < size; i += IMPORT_BATCH) {
            int end = Math.min(size, i + IMPORT_BATCH);
            store.upsertEmbedded(TENANT, split.train().subList(i, end), trainVectors.subList(i, end));
          }
          loaded = size;
          if (size > 0) {
            neighbours.refit(TENANT);
            zeroShot.refit(TENANT);
            auto.refit(TENANT);
          }
          List<Row> rows = new ArrayList<>();
          rows.add(size == 0 ? new Row("neighbours", Double.NaN, Double.NaN, Double.NaN, "–")
              : score("neighbours", neighbours, split.test(), testVectors));
          rows.add(score("zero-shot", zeroShot, split.test(), testVectors));
          rows.add(score("Sift's choice (default: neighbours from 200 tickets if they backtest better)", auto,
              split.test(), testVectors));
          String majority = size == 0 ? null : byFrequency(split.train().subList(0, size)).getFirst();
          long majorityRight = majority == null ? 0
              : split.test().stream().filter(t -> t.assignmentGroup().equals(majority)).count();
          rows.add(new Row("always the majority of the history", size == 0 ? Double.NaN
              : majorityRight / (double) split.test().size(), Double.NaN, Double.NaN, "–"));
          for (Row r : rows) {
            out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |%n", size, r.method(), f(r.accuracy()),
                f(r.coverage()), f(r.precision()), r.chosen());
          }
          out.flush();
        }
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  private Row score(String name, TriageEngine engine, List<Ticket> test, List<float[]> vectors) {
    Progress bar = new Progress(err, name.split(" ")[0], test.size());
    int[] counts = new int[3]; // right best guesses, answered, right answered
    Map<String, Integer> chosen = new TreeMap<>();
    Object lock = new Object();
    IntStream.range(0, test.size()).parallel().forEach(i -> {
      Ticket t = test.get(i);
      TriageResult r = engine.triageEmbedded(TENANT, new TriageRequest(null, t.subject(), t.body(), null, null,
          null), engine.settings().k(), vectors.get(i));
      TriageResult.Suggestion s = r.suggestions().get(FIELD);
      synchronized (lock) {
        if (s != null) {
          boolean right = t.assignmentGroup().equals(s.bestGuess());
          counts[0] += right ? 1 : 0;
          counts[1] += s.abstained() ? 0 : 1;
          counts[2] += !s.abstained() && right ? 1 : 0;
          chosen.merge(s.method(), 1, Integer::sum);
        }
      }
      bar.step();
    });
    bar.finish();
    int n = test.size();
    return new Row(name, counts[0] / (double) n, counts[1] / (double) n,
        counts[1] == 0 ? Double.NaN : counts[2] / (double) counts[1], String.join(", ", chosen.keySet()));
  }

  // --- helpers ----------------------------------------------------------------------------------------------------

  private static Path part(Path cache, String part) {
    return cache == null ? null : cache.resolveSibling(cache.getFileName() + "." + part);
  }

  /** Labels most frequent first, ties by name. */
  private static List<String> byFrequency(List<Ticket> tickets) {
    Map<String, Long> counts = new HashMap<>();
    tickets.forEach(t -> counts.merge(t.assignmentGroup(), 1L, Long::sum));
    return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
        .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).toList();
  }

  /** The first {@code examples} distinct, non-blank subjects of each label in history order. */
  private static Map<String, List<Ticket>> examples(List<Ticket> history, List<String> labels, int examples) {
    Map<String, List<Ticket>> out = new LinkedHashMap<>();
    labels.forEach(l -> out.put(l, new ArrayList<>()));
    Map<String, Set<String>> seen = new HashMap<>();
    for (Ticket t : history) {
      List<Ticket> list = out.get(t.assignmentGroup());
      if (list != null && list.size() < examples && t.subject() != null && !t.subject().isBlank()
          && seen.computeIfAbsent(t.assignmentGroup(), k -> new HashSet<>()).add(t.subject())) {
        list.add(t);
      }
    }
    return out;
  }

  static Taxonomy taxonomy(List<Ticket> history, List<String> labels, int examples) {
    List<Taxonomy.Entry> entries = new ArrayList<>();
    examples(history, labels, examples).forEach((label, ts) -> entries.add(new Taxonomy.Entry(label, "",
        ts.stream().map(Ticket::subject).toList())));
    return Taxonomy.validated(Map.of(FIELD, entries));
  }

  private static Set<String> exampleIds(List<Ticket> history, List<String> labels, int examples) {
    Set<String> ids = new HashSet<>();
    examples(history, labels, examples).values().forEach(ts -> ts.forEach(t -> ids.add(t.id())));
    return ids;
  }

  private static String f(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
