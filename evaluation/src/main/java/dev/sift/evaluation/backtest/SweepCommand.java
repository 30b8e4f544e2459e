package dev.sift.evaluation.backtest;

import dev.sift.data.LabelField;
import dev.sift.data.ReadResult;
import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.engine.EngineSettings;
import dev.sift.engine.Retrieval;
import dev.sift.evaluation.Embeddings;
import dev.sift.evaluation.Exports;
import dev.sift.evaluation.Options;
import dev.sift.evaluation.Split;
import dev.sift.evaluation.report.Metrics;
import dev.sift.evaluation.report.Outcome;
import dev.sift.evaluation.report.Report;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sift-eval sweep}: engine settings (retrieval, k, vote temperature, head and lexical
 * weights; for ETA the shrinkage weight) run side by side by the backtest's harness, one printed
 * line per setting and no report files. Used for the reference numbers in docs/accuracy.md.
 */
public final class SweepCommand {

  /** The ETA's shrinkage weights towards the group median that the sweep tries for each setting. */
  private static final double[] ETA_PRIOR_WEIGHTS = {5, 10, 20, 1000};

  private final PrintStream out;

  public SweepCommand(PrintStream out) {
    this.out = out;
  }

  /** One engine configuration to compare. */
  public record Method(String name, EngineSettings settings) {}

  /** How one method did on one field. */
  public record Score(
      String method,
      double accuracy,
      double macroF1,
      double precisionAt50,
      double precisionAt80,
      double coverageAtPrecision90,
      double abstainRate,
      double answeredPrecision,
      double calibrationError) {}

  public static void main(String[] args) throws IOException {
    Map<String, String> o = Options.parse(args);
    ReadResult data = Exports.read(o);
    String field = o.getOrDefault("field", "assignmentGroup");
    // ETA is scored like the peers' reference: only resolved tickets take part, split by time.
    List<Ticket> tickets =
        "eta".equals(field)
            ? data.tickets().stream().filter(t -> t.resolutionTime().isPresent()).toList()
            : data.tickets();
    Split split =
        Split.of(
            o.getOrDefault("split", "eta".equals(field) ? "time:0.2" : "random:0.2:42"), tickets);
    BundledModel model = BundledModel.byId(o.getOrDefault("model", "all-minilm-l6-v2-q"));
    List<Method> methods = new ArrayList<>();
    for (String k : o.getOrDefault("k", "5").split(",")) {
      methods.addAll(
          methods(
              o.getOrDefault("methods", "vector,bm25,hybrid"),
              Integer.parseInt(k),
              o.getOrDefault("temperatures", "0.1"),
              o.getOrDefault("linear", "0.5"),
              o.getOrDefault("lexical-weights", "1")));
    }
    SweepCommand bt = new SweepCommand(System.out);
    bt.out.printf(
        Locale.ROOT,
        "data %s: %d rows, %d skipped; split %s: %d train, %d test; model %s%n",
        o.get("data"),
        data.report().rowsRead(),
        data.report().skipped(),
        split.spec(),
        split.train().size(),
        split.test().size(),
        model.id());
    bt.run(split, model, methods, field);
  }

  static List<Method> methods(
      String names, int k, String temperatures, String linearWeights, String lexicalWeights) {
    List<Method> methods = new ArrayList<>();
    for (String name : names.split(",")) {
      for (String t : temperatures.split(",")) {
        for (String lw : linearWeights.split(",")) {
          for (String lex :
              name.equals("hybrid") ? lexicalWeights.split(",") : new String[] {"1"}) {
            EngineSettings s =
                EngineSettings.DEFAULTS
                    .withK(k)
                    .withRetrieval(Retrieval.parse(name))
                    .withLexicalHeadWeight(0)
                    .withVoteTemperature(Double.parseDouble(t))
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

  /**
   * Runs the settings on the split with the backtest's harness ({@link Evaluation}) and prints a
   * line per setting; for a label field the majority baseline comes first, for {@code eta} the
   * history median.
   */
  public List<Score> run(Split split, BundledModel model, List<Method> methods, String field)
      throws IOException {
    boolean eta = "eta".equals(field);
    if (!eta && LabelField.fromJsonName(field).isEmpty()) {
      throw new IllegalArgumentException("unknown field " + field);
    }
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    try (Embedder embedder = Embedder.bundled(model)) {
      List<Ticket> all = new ArrayList<>(split.train());
      all.addAll(split.test());
      long start = System.nanoTime();
      Embeddings vectors = Embeddings.of(embedder, all, null, quiet);
      double secs = (System.nanoTime() - start) / 1e9;
      out.printf(
          Locale.ROOT,
          "embedded %d tickets in %.1f s (%.0f tickets/s)%n",
          all.size(),
          secs,
          all.size() / secs);
      Outcome outcome =
          LearningCurve.runOnce(
                  split,
                  LearningCurve.ALL,
                  vectors,
                  List.of(field),
                  predictors(methods, eta),
                  embedder,
                  quiet)
              .outcome();
      return eta ? printEta(outcome) : printLabels(outcome.labels().get(field));
    }
  }

  /**
   * The sweep as the backtest's methods: the baseline first, then one engine per setting (for
   * {@code eta}, one per setting and shrinkage weight).
   */
  static LearningCurve.Methods predictors(List<Method> methods, boolean eta) {
    return (store, tmp, nanos) -> {
      List<Predictor> ps =
          new ArrayList<>(List.of(eta ? new Baselines.EtaMedian(false) : new Baselines.Majority()));
      for (Method m : methods) {
        List<Method> variants =
            !eta
                ? List.of(m)
                : Arrays.stream(ETA_PRIOR_WEIGHTS)
                    .mapToObj(
                        w ->
                            new Method(
                                m.name() + " prior=" + w, m.settings().withEtaPriorWeight(w)))
                    .toList();
        for (Method v : variants) {
          ps.add(
              new EnginePredictor(
                  v.name(),
                  store,
                  Files.createTempDirectory(tmp, "models"),
                  v.settings(),
                  Evaluation.TENANT,
                  nanos));
        }
      }
      return ps;
    };
  }

  private List<Score> printLabels(Map<String, List<Metrics.Prediction>> byMethod) {
    out.printf(
        Locale.ROOT,
        "%-34s %8s %8s %8s %8s %8s %8s %8s %8s%n",
        "method",
        "acc",
        "macroF1",
        "p@50%",
        "p@80%",
        "cov@p90",
        "abstain",
        "ansPrec",
        "ECE");
    List<Score> scores = new ArrayList<>();
    byMethod.forEach(
        (name, ps) -> {
          Score s =
              new Score(
                  name,
                  Metrics.accuracy(ps),
                  Metrics.macroF1(ps),
                  Metrics.precisionAtCoverage(ps, 0.5),
                  Metrics.precisionAtCoverage(ps, 0.8),
                  Metrics.coverageAtPrecision(ps, 0.9),
                  Metrics.abstainRate(ps),
                  Metrics.precisionWhenAnswering(ps),
                  Metrics.expectedCalibrationError(ps));
          scores.add(s);
          if (name.equals("majority")) {
            // Its confidence is the same for every ticket, so only accuracy and macro-F1 say
            // anything.
            out.printf(Locale.ROOT, "%-34s %8.4f %8.4f%n", name, s.accuracy(), s.macroF1());
          } else {
            out.printf(
                Locale.ROOT,
                "%-34s %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f%n",
                name,
                s.accuracy(),
                s.macroF1(),
                s.precisionAt50(),
                s.precisionAt80(),
                s.coverageAtPrecision90(),
                s.abstainRate(),
                s.answeredPrecision(),
                s.calibrationError());
          }
        });
    return scores;
  }

  private List<Score> printEta(Outcome outcome) {
    out.printf(
        Locale.ROOT,
        "%-34s %10s %12s %10s %6s%n",
        "method",
        "medAE h",
        "MAE ln(1+h)",
        "p90 cover",
        "n");
    outcome
        .eta()
        .forEach(
            (name, ps) -> {
              Map<String, Double> m = Report.etaMetrics(ps);
              out.printf(
                  Locale.ROOT,
                  "%-34s %10.1f %12.3f %10s %6d%n",
                  name.equals("median") ? "history median" : name,
                  m.get("medianAbsErrorHours"),
                  m.get("maeLogHours"),
                  m.containsKey("p90IntervalCoverage")
                      ? String.format(Locale.ROOT, "%.3f", m.get("p90IntervalCoverage"))
                      : "-",
                  ps.size());
            });
    return List.of();
  }
}
