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
import dev.sift.evaluation.BacktestCommand.BadInputException;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 * {@code sift-eval cold-start}: zero-shot on the most frequent assignment groups against always answering the
 * majority, from a bare taxonomy and then with live feedback on the same test tickets, and the hand-over curve:
 * zero-shot, neighbours and Sift's own per-field choice as the history grows. Taxonomies come from the label names
 * plus a few example subjects each, taken from the history side of the split. Every figure comes from the real
 * engine (docs/cold-start.md).
 */
final class ColdStartEval {

  static final String TENANT = "cold";
  static final List<String> OPTIONS = List.of("data", "map", "date-format", "split", "top", "examples", "model",
      "sizes", "vector-cache", "work-dir");
  private static final String FIELD = LabelField.ASSIGNMENT_GROUP.jsonName();
  private static final int IMPORT_BATCH = 256;
  /** Live feedback replay: time between tickets, past the engine's cache of live figures. */
  private static final Duration TICKET_GAP = Duration.ofMinutes(2);

  private final PrintStream out;
  private final PrintStream err;

  ColdStartEval(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static void main(String[] args) throws IOException {
    try {
      new ColdStartEval(System.out, System.err).run(Backtest.Options.parse(args));
    } catch (BadInputException | IllegalArgumentException | dev.sift.data.ImportException e) {
      System.err.println("sift-eval cold-start: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Checks {@code --top} against the labels the history has; nothing has been embedded yet. */
  static void checkTop(int top, List<Ticket> history) {
    long groups = history.stream().map(Ticket::assignmentGroup).distinct().count();
    if (groups == 0) {
      throw new BadInputException("the history side of the split has no assignmentGroup labels; map one with --map"
          + " assignmentGroup=COLUMN");
    }
    if (top > groups) {
      throw new BadInputException("--top " + top + " is more than the " + groups + " assignment groups in the "
          + "history; use --top " + groups + " or fewer");
    }
  }

  void run(Map<String, String> o) throws IOException {
    for (String key : o.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new BadInputException("unknown option --" + key + "; use " + String.join(", ", OPTIONS.stream()
            .map(k -> "--" + k).toList()));
      }
    }
    if (!o.containsKey("data")) {
      throw new BadInputException("--data is required");
    }
    // Every option is checked before the data is read, and the data before anything is embedded.
    int top = positive(o, "top", "10");
    int examples = positive(o, "examples", "3");
    if (examples > Taxonomy.MAX_EXAMPLES) {
      throw new BadInputException("--examples " + examples + " is more than a taxonomy entry may have ("
          + Taxonomy.MAX_EXAMPLES + ")");
    }
    BundledModel model = BundledModel.byId(o.getOrDefault("model", BundledModel.ALL_MINILM_L6_V2_Q.id()));
    List<Integer> sizes = sizes(o.getOrDefault("sizes", "0,50,200,1000,all"));
    String spec = o.getOrDefault("split", "random:0.2:42");
    if (!spec.startsWith("random:") && !spec.startsWith("time:")) {
      throw new BadInputException("--split " + spec + " has no history side; use random:FRACTION:SEED or "
          + "time:FRACTION");
    }
    List<Ticket> tickets = BacktestCommand.read(o, err).tickets().stream()
        .filter(t -> t.assignmentGroup() != null).toList();
    Split split;
    try {
      split = Split.of(spec, tickets);
    } catch (NumberFormatException e) {
      throw new BadInputException("malformed --split '" + spec + "': " + e.getMessage());
    }
    checkTop(top, split.train());
    out.printf(Locale.ROOT, "split %s: %d history, %d test; model %s; %d example subjects per label%n",
        split.spec(), split.train().size(), split.test().size(), model.id(), examples);
    try (Embedder embedder = Embedder.bundled(model)) {
      // Embedding dominates the run time; --vector-cache keeps the vectors of this data, split and model on disk.
      Path cache = o.containsKey("vector-cache") ? Path.of(o.get("vector-cache")) : null;
      List<float[]> testVectors = Embeddings.cached(part(cache, "test"), embedder, split.test(), err,
          "embedding test tickets");
      List<float[]> trainVectors = Embeddings.cached(part(cache, "train"), embedder, split.train(),
          err, "embedding train tickets");
      Path base = o.containsKey("work-dir") ? Path.of(o.get("work-dir"))
          // Prediction logs force every line to disk; in memory-backed /dev/shm that costs nothing.
          : Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
      Path dir = Files.createTempDirectory(base, "sift-cold-start-");
      try (LuceneVectorIndex index = LuceneVectorIndex.builder(dir.resolve("index"), embedder.dimension()).build()) {
        TicketStore store = new TicketStore(embedder, index);
        zeroShotTopGroups(store, dir, split, testVectors, top, examples);
        handOverCurve(store, dir, split, trainVectors, testVectors, examples, sizes);
      } finally {
        BacktestCommand.deleteRecursively(dir);
      }
    }
  }

  // --- zero-shot on the top groups: bare taxonomy, then live feedback -----------------------------------------------

  private void zeroShotTopGroups(TicketStore store, Path dir, Split split, List<float[]> testVectors, int top,
      int examples) throws IOException {
    List<String> groups = byFrequency(split.train()).subList(0, top);
    Set<String> topSet = new HashSet<>(groups);
    List<Integer> testIdx = IntStream.range(0, split.test().size())
        .filter(i -> topSet.contains(split.test().get(i).assignmentGroup())).boxed().toList();
    List<Ticket> test = testIdx.stream().map(split.test()::get).toList();
    List<float[]> vectors = testIdx.stream().map(testVectors::get).toList();
    List<Ticket> history = split.train().stream().filter(t -> topSet.contains(t.assignmentGroup())).toList();
    String majority = byFrequency(history).getFirst();
    out.printf(Locale.ROOT, "%n## zero-shot on the top %d assignment groups (%d test tickets)%n", top, test.size());
    out.println("| method | accuracy (best guess) | coverage | precision when answering | ECE | highest answered "
        + "confidence |");
    out.println("|---|---|---|---|---|---|");
    long majorityRight = test.stream().filter(t -> t.assignmentGroup().equals(majority)).count();
    out.printf(Locale.ROOT, "| always the majority group (%s) | %.3f | – | – | – | – |%n", majority,
        majorityRight / (double) test.size());
    for (boolean priors : new boolean[] {false, true}) {
      Taxonomy taxonomy = taxonomy(split.train(), groups, examples, priors ? history : null);
      String what = "names + " + examples + " examples" + (priors ? " + priors from the history's shares" : "");
      try (TriageEngine engine = coldEngine(store, dir, "bare-" + priors, Clock.systemUTC())) {
        String tenant = TENANT + "-bare-" + priors;
        put(engine, tenant, taxonomy);
        row("zero-shot, bare taxonomy (" + what + ")", score(engine, tenant, test, vectors, null));
      }
      SteppingClock clock = new SteppingClock();
      try (TriageEngine engine = coldEngine(store, dir, "live-" + priors, clock)) {
        String tenant = TENANT + "-live-" + priors;
        put(engine, tenant, taxonomy);
        List<Metrics.Prediction> live = score(engine, tenant, test, vectors, clock);
        row("zero-shot with live feedback (" + what + "), all", live);
        row("zero-shot with live feedback (" + what + "), second half", live.subList(live.size() / 2, live.size()));
      }
    }
  }

  private void row(String name, List<Metrics.Prediction> ps) {
    double highest = ps.stream().filter(p -> !p.abstained()).mapToDouble(Metrics.Prediction::confidence).max()
        .orElse(Double.NaN);
    double coverage = 1 - Metrics.abstainRate(ps);
    out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %s | %.3f | %s |%n", name, Metrics.accuracy(ps), coverage,
        f(coverage == 0 ? Double.NaN : Metrics.precisionWhenAnswering(ps)), Metrics.expectedCalibrationError(ps),
        f(highest));
    out.flush();
  }

  /**
   * Triages the test tickets. With a {@code feedback} clock, one at a time in order, each labelled right after its
   * triage (the upsert a desk makes when it closes the ticket) and the live recalibration let run before the next.
   */
  private List<Metrics.Prediction> score(TriageEngine engine, String tenant, List<Ticket> test,
      List<float[]> vectors, SteppingClock feedback) {
    Progress bar = new Progress(err, feedback != null ? "live feedback" : "bare taxonomy", test.size());
    Metrics.Prediction[] out = new Metrics.Prediction[test.size()];
    ColdStart cold = engine.coldStart().orElseThrow();
    IntStream range = IntStream.range(0, test.size());
    (feedback != null ? range : range.parallel()).forEach(i -> {
      Ticket t = test.get(i);
      TriageResult r = engine.triageEmbedded(tenant, new TriageRequest(t.id(), t.subject(), t.body(), null, null,
          null), engine.settings().k(), vectors.get(i));
      TriageResult.Suggestion s = r.suggestions().get(FIELD);
      out[i] = new Metrics.Prediction(s.bestGuess(), s.confidence(), s.abstained(), t.assignmentGroup());
      if (feedback != null) {
        cold.predictions().score(tenant, List.of(t));
        feedback.step(TICKET_GAP);
        cold.prepare(tenant, null).join();
      }
      bar.step();
    });
    bar.finish();
    return List.of(out);
  }

  // --- the hand-over curve ----------------------------------------------------------------------------------------

  private record Row(String method, double accuracy, double coverage, double precision, String chosen) {}

  private void handOverCurve(TicketStore store, Path dir, Split split, List<float[]> trainVectors,
      List<float[]> testVectors, int examples, List<Integer> sizes) throws IOException {
    List<String> groups = byFrequency(split.train());
    Taxonomy taxonomy = taxonomy(split.train(), groups, examples, null);
    out.printf(Locale.ROOT, "%n## hand-over curve: all %d assignment groups, %d test tickets%n", groups.size(),
        split.test().size());
    out.println("| history tickets | method | accuracy (best guess) | coverage | precision when answering | method "
        + "chosen |");
    out.println("|---|---|---|---|---|---|");
    ColdStart.Settings never = new ColdStart.Settings(Integer.MAX_VALUE, 0.9, 30, 2_000);
    try (TriageEngine neighbours = TriageEngine.builder(store, dir.resolve("m-neighbours")).build();
        TriageEngine zeroShot = TriageEngine.builder(store, dir.resolve("m-zero-shot"))
            .coldStart(dir.resolve("cold-zero-shot"), never, null).build();
        TriageEngine auto = TriageEngine.builder(store, dir.resolve("m-auto"))
            .coldStart(dir.resolve("cold-auto"), ColdStart.Settings.DEFAULTS, null).build()) {
      zeroShot.coldStart().orElseThrow().taxonomies().put(TENANT, taxonomy);
      auto.coldStart().orElseThrow().taxonomies().put(TENANT, taxonomy);
      int loaded = 0;
      for (int s : sizes) {
        int size = Math.min(s, split.train().size());
        if (size == loaded && size > 0) {
          continue; // a size beyond the history repeats "all"
        }
        for (int i = loaded; i < size; i += IMPORT_BATCH) {
          int end = Math.min(size, i + IMPORT_BATCH);
          store.upsertEmbedded(TENANT, split.train().subList(i, end), trainVectors.subList(i, end));
        }
        loaded = size;
        for (TriageEngine e : List.of(neighbours, zeroShot, auto)) {
          if (size > 0) {
            e.refit(TENANT);
          }
          // Zero-shot models are built in the background; the curve measures them once built.
          e.coldStart().ifPresent(c -> c.prepare(TENANT, e.model(TENANT).orElse(null)).join());
        }
        List<Row> rows = new ArrayList<>();
        rows.add(size == 0 ? new Row("neighbours", Double.NaN, Double.NaN, Double.NaN, "–")
            : handOverRow("neighbours", neighbours, split.test(), testVectors));
        rows.add(handOverRow("zero-shot", zeroShot, split.test(), testVectors));
        rows.add(handOverRow("Sift's choice (default: neighbours from 200 tickets if they backtest better)", auto,
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
  }

  private Row handOverRow(String name, TriageEngine engine, List<Ticket> test, List<float[]> vectors) {
    Progress bar = new Progress(err, name.split(" ")[0], test.size());
    Metrics.Prediction[] ps = new Metrics.Prediction[test.size()];
    Map<String, Integer> chosen = new TreeMap<>();
    IntStream.range(0, test.size()).parallel().forEach(i -> {
      Ticket t = test.get(i);
      TriageResult r = engine.triageEmbedded(TENANT, new TriageRequest(null, t.subject(), t.body(), null, null,
          null), engine.settings().k(), vectors.get(i));
      TriageResult.Suggestion s = r.suggestions().get(FIELD);
      ps[i] = s == null ? new Metrics.Prediction(null, 0, true, t.assignmentGroup())
          : new Metrics.Prediction(s.bestGuess(), s.confidence(), s.abstained(), t.assignmentGroup());
      if (s != null) {
        synchronized (chosen) {
          chosen.merge(s.method(), 1, Integer::sum);
        }
      }
      bar.step();
    });
    bar.finish();
    List<Metrics.Prediction> all = List.of(ps);
    double coverage = 1 - Metrics.abstainRate(all);
    return new Row(name, Metrics.accuracy(all), coverage, coverage == 0 ? Double.NaN
        : Metrics.precisionWhenAnswering(all), String.join(", ", chosen.keySet()));
  }

  // --- helpers ----------------------------------------------------------------------------------------------------

  private static TriageEngine coldEngine(TicketStore store, Path dir, String name, Clock clock) throws IOException {
    return TriageEngine.builder(store, Files.createDirectories(dir.resolve("m-" + name))).clock(clock)
        .coldStart(dir.resolve("cold-" + name), ColdStart.Settings.DEFAULTS, null).build();
  }

  private static void put(TriageEngine engine, String tenant, Taxonomy taxonomy) {
    ColdStart cold = engine.coldStart().orElseThrow();
    cold.taxonomies().put(tenant, taxonomy);
    cold.prepare(tenant, null).join();
  }

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

  /**
   * Each label's name with the first {@code examples} distinct, non-blank subjects of its history tickets; with
   * {@code shares}, each entry's prior is its share of those tickets.
   */
  static Taxonomy taxonomy(List<Ticket> history, List<String> labels, int examples, List<Ticket> shares) {
    Map<String, List<String>> subjects = new LinkedHashMap<>();
    labels.forEach(l -> subjects.put(l, new ArrayList<>()));
    for (Ticket t : history) {
      List<String> list = subjects.get(t.assignmentGroup());
      if (list != null && list.size() < examples && t.subject() != null && !t.subject().isBlank()
          && !list.contains(t.subject())) {
        list.add(t.subject());
      }
    }
    Map<String, Long> counts = new HashMap<>();
    if (shares != null) {
      shares.forEach(t -> counts.merge(t.assignmentGroup(), 1L, Long::sum));
    }
    List<Taxonomy.Entry> entries = new ArrayList<>();
    subjects.forEach((label, s) -> entries.add(new Taxonomy.Entry(label, "", s,
        shares == null ? null : counts.getOrDefault(label, 0L) / (double) shares.size())));
    return Taxonomy.validated(Map.of(FIELD, entries));
  }

  private static int positive(Map<String, String> o, String name, String fallback) {
    String v = o.getOrDefault(name, fallback);
    try {
      int n = Integer.parseInt(v);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException("--" + name + " must be a whole number of at least 1, was '" + v + "'");
  }

  private static List<Integer> sizes(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      String v = s.trim();
      try {
        int n = v.equals("all") ? Integer.MAX_VALUE : Integer.parseInt(v);
        if (n < 0) {
          throw new NumberFormatException();
        }
        out.add(n);
      } catch (NumberFormatException e) {
        throw new BadInputException("--sizes '" + csv + "': '" + v + "' is neither a ticket count nor 'all'");
      }
    }
    return out;
  }

  private static String f(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }

  /** A clock the live replay moves on by hand, so that every ticket sees the feedback of all before it. */
  static final class SteppingClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-05T08:00:00Z");

    void step(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
