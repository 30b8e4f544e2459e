package dev.sift.evaluation.backtest;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.engine.TicketStore;
import dev.sift.engine.coldstart.Taxonomy;
import dev.sift.evaluation.BadInputException;
import dev.sift.evaluation.Directories;
import dev.sift.evaluation.Embeddings;
import dev.sift.evaluation.Exports;
import dev.sift.evaluation.Options;
import dev.sift.evaluation.Split;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sift-eval cold-start}: zero-shot on the most frequent assignment groups against always
 * answering the majority, from a bare taxonomy and then with live feedback on the same test tickets
 * ({@link ZeroShotTable}), and the hand-over curve: zero-shot, neighbours and Sift's own per-field
 * choice as the history grows ({@link HandOverCurve}). Taxonomies come from the label names plus a
 * few example subjects each, taken from the history side of the split. Every figure comes from the
 * real engine (docs/cold-start.md).
 */
public final class ColdStartEval {

  static final String TENANT = "cold";
  static final List<String> OPTIONS =
      List.of(
          "data",
          "map",
          "date-format",
          "split",
          "top",
          "examples",
          "model",
          "sizes",
          "vector-cache",
          "work-dir");
  static final String FIELD = LabelField.ASSIGNMENT_GROUP.jsonName();

  private final PrintStream out;
  private final PrintStream err;

  ColdStartEval(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs {@code sift-eval cold-start} with the given arguments; bad input exits with status 2. */
  public static void main(String[] args) throws IOException {
    try {
      new ColdStartEval(System.out, System.err).run(Options.parse(args));
    } catch (BadInputException | IllegalArgumentException | dev.sift.data.ImportException e) {
      System.err.println("sift-eval cold-start: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Checks {@code --top} against the labels the history has; nothing has been embedded yet. */
  static void checkTop(int top, List<Ticket> history) {
    long groups = history.stream().map(Ticket::assignmentGroup).distinct().count();
    if (groups == 0) {
      throw new BadInputException(
          "the history side of the split has no assignmentGroup labels; map one with --map"
              + " assignmentGroup=COLUMN");
    }
    if (top > groups) {
      throw new BadInputException(
          "--top "
              + top
              + " is more than the "
              + groups
              + " assignment groups in the "
              + "history; use --top "
              + groups
              + " or fewer");
    }
  }

  void run(Map<String, String> o) throws IOException {
    for (String key : o.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new BadInputException(
            "unknown option --"
                + key
                + "; use "
                + String.join(", ", OPTIONS.stream().map(k -> "--" + k).toList()));
      }
    }
    if (!o.containsKey("data")) {
      throw new BadInputException("--data is required");
    }
    // Every option is checked before the data is read, and the data before anything is embedded.
    int top = positive(o, "top", "10");
    int examples = positive(o, "examples", "3");
    if (examples > Taxonomy.MAX_EXAMPLES) {
      throw new BadInputException(
          "--examples "
              + examples
              + " is more than a taxonomy entry may have ("
              + Taxonomy.MAX_EXAMPLES
              + ")");
    }
    BundledModel model =
        BundledModel.byId(o.getOrDefault("model", BundledModel.ALL_MINILM_L6_V2_Q.id()));
    List<Integer> sizes = sizes(o.getOrDefault("sizes", "0,50,200,1000,all"));
    String spec = o.getOrDefault("split", "random:0.2:42");
    if (!spec.startsWith("random:") && !spec.startsWith("time:")) {
      throw new BadInputException(
          "--split "
              + spec
              + " has no history side; use random:FRACTION:SEED or "
              + "time:FRACTION");
    }
    List<Ticket> tickets =
        Exports.readChecked(o, err).tickets().stream()
            .filter(t -> t.assignmentGroup() != null)
            .toList();
    Split split;
    try {
      split = Split.of(spec, tickets);
    } catch (NumberFormatException e) {
      throw new BadInputException("malformed --split '" + spec + "': " + e.getMessage());
    }
    checkTop(top, split.train());
    out.printf(
        Locale.ROOT,
        "split %s: %d history, %d test; model %s; %d example subjects per label%n",
        split.spec(),
        split.train().size(),
        split.test().size(),
        model.id(),
        examples);
    try (Embedder embedder = Embedder.bundled(model)) {
      // Embedding dominates the run time; --vector-cache keeps the vectors of this data, split and
      // model on disk.
      Path cache = o.containsKey("vector-cache") ? Path.of(o.get("vector-cache")) : null;
      List<float[]> testVectors =
          Embeddings.cached(
              part(cache, "test"), embedder, split.test(), err, "embedding test tickets");
      List<float[]> trainVectors =
          Embeddings.cached(
              part(cache, "train"), embedder, split.train(), err, "embedding train tickets");
      Path base =
          o.containsKey("work-dir")
              ? Path.of(o.get("work-dir"))
              // Prediction logs force every line to disk; in memory-backed /dev/shm that costs
              // nothing.
              : Files.isDirectory(Path.of("/dev/shm"))
                  ? Path.of("/dev/shm")
                  : Path.of(System.getProperty("java.io.tmpdir"));
      Path dir = Files.createTempDirectory(base, "sift-cold-start-");
      try (LuceneVectorIndex index =
          LuceneVectorIndex.builder(dir.resolve("index"), embedder.dimension()).build()) {
        TicketStore store = new TicketStore(embedder, index);
        new ZeroShotTable(out, err).print(store, dir, split, testVectors, top, examples);
        new HandOverCurve(out, err)
            .print(store, dir, split, trainVectors, testVectors, examples, sizes);
      } finally {
        Directories.deleteRecursively(dir);
      }
    }
  }

  private static Path part(Path cache, String part) {
    return cache == null ? null : cache.resolveSibling(cache.getFileName() + "." + part);
  }

  /** Labels most frequent first, ties by name. */
  static List<String> byFrequency(List<Ticket> tickets) {
    Map<String, Long> counts = new HashMap<>();
    tickets.forEach(t -> counts.merge(t.assignmentGroup(), 1L, Long::sum));
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * Each label's name with the first {@code examples} distinct, non-blank subjects of its history
   * tickets; with {@code shares}, each entry's prior is its share of those tickets.
   */
  static Taxonomy taxonomy(
      List<Ticket> history, List<String> labels, int examples, List<Ticket> shares) {
    Map<String, List<String>> subjects = new LinkedHashMap<>();
    labels.forEach(l -> subjects.put(l, new ArrayList<>()));
    for (Ticket t : history) {
      List<String> list = subjects.get(t.assignmentGroup());
      if (list != null
          && list.size() < examples
          && t.subject() != null
          && !t.subject().isBlank()
          && !list.contains(t.subject())) {
        list.add(t.subject());
      }
    }
    Map<String, Long> counts = new HashMap<>();
    if (shares != null) {
      shares.forEach(t -> counts.merge(t.assignmentGroup(), 1L, Long::sum));
    }
    List<Taxonomy.Entry> entries = new ArrayList<>();
    subjects.forEach(
        (label, s) ->
            entries.add(
                new Taxonomy.Entry(
                    label,
                    "",
                    s,
                    shares == null
                        ? null
                        : counts.getOrDefault(label, 0L) / (double) shares.size())));
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
    throw new BadInputException(
        "--" + name + " must be a whole number of at least 1, was '" + v + "'");
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
        throw new BadInputException(
            "--sizes '" + csv + "': '" + v + "' is neither a ticket count nor 'all'");
      }
    }
    return out;
  }

  /** A figure to three decimals, or a dash where there is none. */
  static String f(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }
}
