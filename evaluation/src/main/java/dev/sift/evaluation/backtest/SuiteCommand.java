package dev.sift.evaluation.backtest;

import dev.sift.data.ReadResult;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.evaluation.BadInputException;
import dev.sift.evaluation.Embeddings;
import dev.sift.evaluation.Exports;
import dev.sift.evaluation.Split;
import dev.sift.evaluation.report.CurveTable;
import dev.sift.evaluation.report.HistoryPoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sift-eval suite}: backtests every development data set with Sift's default and the peers,
 * at several history sizes, on a random 80/20 split (seed 42) with k = 5, and writes one table
 * between markers into docs/accuracy.md. Every set is checked before anything is embedded, so a
 * missing one fails in a second, not after an hour.
 *
 * <pre>
 * sift-eval suite [--sets itsm-assignment,hadoop-bugs] [--sizes 200,1000,all] [--methods ...] [--data-root DIR]
 *   [--doc docs/accuracy.md] [--table before] [--vector-cache DIR] [--model all-minilm-l6-v2-q]
 *   [--history-seed 42]
 * </pre>
 *
 * {@code --history-seed} draws other subsampled histories (the sizes below {@code all}) for the
 * same test tickets: how much a young desk's figures depend on which tickets it happens to have.
 */
public final class SuiteCommand {

  static final String SPLIT = "random:0.2:42";
  static final int K = 5;
  static final String DEFAULT_SIZES = "200,1000,all";

  /** Sift's default, the majority baseline, the stronger Lucene peer, and the ETA baselines. */
  static final String DEFAULT_METHODS = "neighbours,majority,lucene-knn,median,category-median";

  private static final List<String> OPTIONS =
      List.of(
          "sets",
          "sizes",
          "methods",
          "data-root",
          "doc",
          "table",
          "vector-cache",
          "model",
          "history-seed");
  private static final double NANOS_PER_MINUTE = 60e9;

  /**
   * One development data set under the data root: its file, column mapping, date pattern and scored
   * fields.
   */
  record DataSet(String name, String file, String map, String dateFormat, List<String> fields) {}

  /**
   * The development data sets and what each has (their SOURCE.md files): label fields with a usable
   * spread of values, and {@code eta} where creation and resolution times are both recorded.
   */
  static final List<DataSet> DEV_SETS =
      List.of(
          new DataSet(
              "itsm-assignment",
              "tickets.csv",
              "subject=Short description,body=Description,assignmentGroup=Assignment group,requester=Caller",
              null,
              List.of("assignmentGroup")),
          new DataSet(
              "hadoop-bugs",
              "issues.csv",
              "id=Issue id,subject=Summary,body=Description,priority=Priority,createdAt=Created,resolvedAt=Resolved",
              "dd/MMM/yy HH:mm",
              List.of("priority", "eta")),
          new DataSet(
              "apache-hive-jira",
              "tickets.csv",
              "id=key,subject=summary,body=description,category=component_primary,priority=priority,"
                  + "requester=reporter,createdAt=created,resolvedAt=resolutiondate",
              "yyyy-MM-dd'T'HH:mm:ss.SSSZ",
              List.of("category", "priority", "eta")),
          new DataSet(
              "glpi-utility-cl-es",
              "tickets.csv",
              "id=id,subject=titulo_limpio,category=categoria,assignmentGroup=asignado_a__grupo_de_tecnicos,"
                  + "requester=solicitante,createdAt=fecha_de_apertura,resolvedAt=fecha_de_cierre",
              null,
              List.of("assignmentGroup", "category", "eta")),
          new DataSet(
              "maphar-itsupport-fr",
              "tickets.csv",
              "id=ID,subject=titre,body=texte,category=categorie",
              null,
              List.of("category")));

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Path repo;

  /**
   * @param env the environment, for {@code SIFT_SHARED_DIR}
   * @param repo the checkout, for the default data root, document and vector cache
   */
  public SuiteCommand(PrintStream out, PrintStream err, Map<String, String> env, Path repo) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.repo = repo;
  }

  /**
   * Runs the suite, writes the table into the document, and returns the text written between the
   * markers.
   */
  public String run(Map<String, String> o) throws IOException {
    for (String key : o.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new BadInputException(
            "unknown option --"
                + key
                + "; use "
                + String.join(", ", OPTIONS.stream().map(s -> "--" + s).toList()));
      }
    }
    Path root = dataRoot(o);
    List<DataSet> sets = selected(o.get("sets"));
    Map<DataSet, Path> files = new LinkedHashMap<>();
    for (DataSet set : sets) {
      Path file = root.resolve(set.name()).resolve(set.file());
      if (!Files.isRegularFile(file)) {
        throw new BadInputException(
            "data set "
                + set.name()
                + " is missing: no "
                + file
                + "; point SIFT_SHARED_DIR at the folder holding datasets/, pass --data-root, or leave it out with"
                + " --sets");
      }
      files.put(set, file);
    }
    List<String> sizes = LearningCurve.parseSizes(o.getOrDefault("sizes", DEFAULT_SIZES));
    long historySeed =
        historySeed(o.getOrDefault("history-seed", Long.toString(HistoryPoint.SUBSAMPLE_SEED)));
    List<String> methods =
        Arrays.stream(o.getOrDefault("methods", DEFAULT_METHODS).split(","))
            .map(String::trim)
            .toList();
    for (String m : methods) {
      if (!BacktestCommand.ALL_METHODS.contains(m)) {
        throw new BadInputException(
            "unknown method '"
                + m
                + "' in --methods; use "
                + String.join(", ", BacktestCommand.ALL_METHODS));
      }
    }
    Path doc = o.containsKey("doc") ? Path.of(o.get("doc")) : repo.resolve("docs/accuracy.md");
    Path cache =
        o.containsKey("vector-cache")
            ? Path.of(o.get("vector-cache"))
            : repo.resolve("evaluation/target/vector-cache");
    BundledModel model = BundledModel.byId(o.getOrDefault("model", "all-minilm-l6-v2-q"));

    long start = System.nanoTime();
    CurveTable table = new CurveTable(true);
    List<String> times = new ArrayList<>();
    try (Embedder embedder = Embedder.bundled(model)) {
      for (DataSet set : sets) {
        long setStart = System.nanoTime();
        Map<String, String> read =
            new HashMap<>(Map.of("data", files.get(set).toString(), "map", set.map()));
        if (set.dateFormat() != null) {
          read.put("date-format", set.dateFormat());
        }
        ReadResult data = Exports.readChecked(read, err);
        Split split = Split.of(SPLIT, data.tickets());
        out.printf(
            Locale.ROOT,
            "%s: %d tickets, %d history, %d test; fields %s%n",
            set.name(),
            data.tickets().size(),
            split.train().size(),
            split.test().size(),
            String.join(",", set.fields()));
        Embeddings vectors = Embeddings.of(embedder, data.tickets(), cache, err);
        for (HistoryPoint p :
            LearningCurve.run(
                split,
                vectors,
                sizes,
                set.fields(),
                BacktestCommand.methods(methods, K),
                embedder,
                historySeed,
                err)) {
          table.add(set.name(), p);
        }
        double minutes = (System.nanoTime() - setStart) / NANOS_PER_MINUTE;
        times.add(String.format(Locale.ROOT, "%s %.1f", set.name(), minutes));
        out.printf(Locale.ROOT, "%s done in %.1f min%n", set.name(), minutes);
      }
    }
    String block =
        String.format(
                Locale.ROOT,
                "Command: `evaluation/bin/sift-eval suite%s` (split %s, k = %d,"
                    + " model %s). Wall time %.1f min on this machine (%s).%n%n",
                commandLine(o),
                SPLIT,
                K,
                model.id(),
                (System.nanoTime() - start) / NANOS_PER_MINUTE,
                String.join(", ", times))
            + table.markdown();
    String name = o.getOrDefault("table", "current");
    Files.writeString(
        doc,
        withTable(Files.exists(doc) ? Files.readString(doc) : "", name, block),
        StandardCharsets.UTF_8);
    out.print(table.markdown());
    out.println("wrote table '" + name + "' into " + doc);
    return block;
  }

  /**
   * {@code --data-root}, else {@code $SIFT_SHARED_DIR/datasets}, else {@code ../shared/datasets} of
   * the checkout.
   */
  Path dataRoot(Map<String, String> o) {
    if (o.containsKey("data-root")) {
      return Path.of(o.get("data-root"));
    }
    String shared = env.get("SIFT_SHARED_DIR");
    return shared != null
        ? Path.of(shared).resolve("datasets")
        : repo.toAbsolutePath().normalize().resolveSibling("shared").resolve("datasets");
  }

  private static List<DataSet> selected(String csv) {
    if (csv == null) {
      return DEV_SETS;
    }
    List<DataSet> sets = new ArrayList<>();
    for (String name : csv.split(",")) {
      DataSet set =
          DEV_SETS.stream()
              .filter(s -> s.name().equals(name.trim()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new BadInputException(
                          "unknown data set '"
                              + name.trim()
                              + "' in --sets; use "
                              + String.join(", ", DEV_SETS.stream().map(DataSet::name).toList())));
      if (!sets.contains(set)) {
        sets.add(set);
      }
    }
    return sets;
  }

  /**
   * The document with {@code block} between the markers of table {@code name}, replacing what was
   * there; a table the document does not have yet is appended under a heading of its own.
   */
  static String withTable(String doc, String name, String block) {
    String begin = "<!-- sift-eval suite " + name + ": begin -->";
    String end = "<!-- sift-eval suite " + name + ": end -->";
    int from = doc.indexOf(begin);
    int to = doc.indexOf(end);
    if (from >= 0 && to > from) {
      return doc.substring(0, from + begin.length()) + "\n" + block + doc.substring(to);
    }
    String sep = doc.isEmpty() || doc.endsWith("\n\n") ? "" : doc.endsWith("\n") ? "\n" : "\n\n";
    return doc + sep + "## Suite: " + name + "\n\n" + begin + "\n" + block + end + "\n";
  }

  private static String commandLine(Map<String, String> o) {
    StringBuilder s = new StringBuilder();
    o.forEach(
        (k, v) ->
            s.append(" --")
                .append(k)
                .append(' ')
                .append(v.matches("[\\w.,/:-]+") ? v : "'" + v + "'"));
    return s.toString();
  }

  private static long historySeed(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new BadInputException("--history-seed '" + value + "' is not a whole number");
    }
  }
}
