package dev.sift.evaluation.backtest;

import static dev.sift.evaluation.backtest.ColdStartEval.FIELD;
import static dev.sift.evaluation.backtest.ColdStartEval.TENANT;
import static dev.sift.evaluation.backtest.ColdStartEval.byFrequency;
import static dev.sift.evaluation.backtest.ColdStartEval.f;
import static dev.sift.evaluation.backtest.ColdStartEval.taxonomy;

import dev.sift.data.ProgressBar;
import dev.sift.data.Ticket;
import dev.sift.engine.Engine;
import dev.sift.engine.TicketStore;
import dev.sift.engine.TriageRequest;
import dev.sift.engine.TriageResult;
import dev.sift.engine.coldstart.ColdStart;
import dev.sift.engine.coldstart.Taxonomy;
import dev.sift.evaluation.Split;
import dev.sift.evaluation.report.Metrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * cold-start's hand-over curve: zero-shot, neighbours and Sift's own per-field choice on all
 * assignment groups as the history grows, against always answering the history's majority.
 */
final class HandOverCurve {

  private static final int IMPORT_BATCH = 256;

  private final PrintStream out;
  private final PrintStream err;

  HandOverCurve(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  private record Row(
      String method, double accuracy, double coverage, double precision, String chosen) {}

  /** Prints a row per method for each history size in {@code sizes} (0 is a bare taxonomy). */
  void print(
      TicketStore store,
      Path dir,
      Split split,
      List<float[]> trainVectors,
      List<float[]> testVectors,
      int examples,
      List<Integer> sizes)
      throws IOException {
    List<String> groups = byFrequency(split.train());
    Taxonomy taxonomy = taxonomy(split.train(), groups, examples, null);
    out.printf(
        Locale.ROOT,
        "%n## hand-over curve: all %d assignment groups, %d test tickets%n",
        groups.size(),
        split.test().size());
    out.println(
        "| history tickets | method | accuracy (best guess) | coverage | precision when answering | method "
            + "chosen |");
    out.println("|---|---|---|---|---|---|");
    ColdStart.Settings never = new ColdStart.Settings(Integer.MAX_VALUE, 0.9, 30, 2_000);
    try (Engine neighbours = Engine.builder(store, dir.resolve("m-neighbours")).build();
        Engine zeroShot =
            Engine.builder(store, dir.resolve("m-zero-shot"))
                .coldStart(dir.resolve("cold-zero-shot"), never, null)
                .build();
        Engine auto =
            Engine.builder(store, dir.resolve("m-auto"))
                .coldStart(dir.resolve("cold-auto"), ColdStart.Settings.DEFAULTS, null)
                .build()) {
      zeroShot.taxonomies().put(TENANT, taxonomy);
      auto.taxonomies().put(TENANT, taxonomy);
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
        for (Engine e : List.of(neighbours, zeroShot, auto)) {
          if (size > 0) {
            e.history().refit(TENANT);
          }
          // Zero-shot models are built in the background; the curve measures them once built.
          e.taxonomies().prepare(TENANT).join();
        }
        List<Row> rows = new ArrayList<>();
        rows.add(
            size == 0
                ? new Row("neighbours", Double.NaN, Double.NaN, Double.NaN, "–")
                : handOverRow("neighbours", neighbours, split.test(), testVectors));
        rows.add(handOverRow("zero-shot", zeroShot, split.test(), testVectors));
        rows.add(
            handOverRow(
                "Sift's choice (default: neighbours from 200 tickets if they backtest better)",
                auto,
                split.test(),
                testVectors));
        String majority = size == 0 ? null : byFrequency(split.train().subList(0, size)).getFirst();
        long majorityRight =
            majority == null
                ? 0
                : split.test().stream().filter(t -> t.assignmentGroup().equals(majority)).count();
        rows.add(
            new Row(
                "always the majority of the history",
                size == 0 ? Double.NaN : majorityRight / (double) split.test().size(),
                Double.NaN,
                Double.NaN,
                "–"));
        for (Row r : rows) {
          out.printf(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s | %s |%n",
              size,
              r.method(),
              f(r.accuracy()),
              f(r.coverage()),
              f(r.precision()),
              r.chosen());
        }
        out.flush();
      }
    }
  }

  private Row handOverRow(String name, Engine engine, List<Ticket> test, List<float[]> vectors) {
    ProgressBar bar = ProgressBar.steps(err, name.split(" ")[0], test.size());
    Metrics.Prediction[] ps = new Metrics.Prediction[test.size()];
    Map<String, Integer> chosen = new TreeMap<>();
    IntStream.range(0, test.size())
        .parallel()
        .forEach(
            i -> {
              Ticket t = test.get(i);
              TriageResult r =
                  engine
                      .triage()
                      .triageEmbedded(
                          TENANT,
                          new TriageRequest(null, t.subject(), t.body(), null, null, null),
                          engine.triage().settings().k(),
                          vectors.get(i));
              TriageResult.Suggestion s = r.suggestions().get(FIELD);
              ps[i] =
                  s == null
                      ? new Metrics.Prediction(null, 0, true, t.assignmentGroup())
                      : new Metrics.Prediction(
                          s.bestGuess(), s.confidence(), s.abstained(), t.assignmentGroup());
              if (s != null) {
                synchronized (chosen) {
                  chosen.merge(s.method().wire(), 1, Integer::sum);
                }
              }
              bar.step();
            });
    bar.finish();
    List<Metrics.Prediction> all = List.of(ps);
    double coverage = 1 - Metrics.abstainRate(all);
    return new Row(
        name,
        Metrics.accuracy(all),
        coverage,
        coverage == 0 ? Double.NaN : Metrics.precisionWhenAnswering(all),
        String.join(", ", chosen.keySet()));
  }
}
