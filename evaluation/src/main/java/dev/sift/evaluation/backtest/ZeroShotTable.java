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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * cold-start's first table: zero-shot on the most frequent assignment groups against always
 * answering the majority, from a bare taxonomy and then with live feedback on the same test
 * tickets, without and with priors.
 */
final class ZeroShotTable {

  /** Live feedback replay: time between tickets, past the engine's cache of live figures. */
  private static final Duration TICKET_GAP = Duration.ofMinutes(2);

  private final PrintStream out;
  private final PrintStream err;

  ZeroShotTable(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Prints the table for the {@code top} most frequent groups of the history, scored on their test
   * tickets.
   */
  void print(
      TicketStore store, Path dir, Split split, List<float[]> testVectors, int top, int examples)
      throws IOException {
    List<String> groups = byFrequency(split.train()).subList(0, top);
    Set<String> topSet = new HashSet<>(groups);
    List<Integer> testIdx =
        IntStream.range(0, split.test().size())
            .filter(i -> topSet.contains(split.test().get(i).assignmentGroup()))
            .boxed()
            .toList();
    List<Ticket> test = testIdx.stream().map(split.test()::get).toList();
    List<float[]> vectors = testIdx.stream().map(testVectors::get).toList();
    List<Ticket> history =
        split.train().stream().filter(t -> topSet.contains(t.assignmentGroup())).toList();
    String majority = byFrequency(history).getFirst();
    out.printf(
        Locale.ROOT,
        "%n## zero-shot on the top %d assignment groups (%d test tickets)%n",
        top,
        test.size());
    out.println(
        "| method | accuracy (best guess) | coverage | precision when answering | ECE | highest answered "
            + "confidence |");
    out.println("|---|---|---|---|---|---|");
    long majorityRight = test.stream().filter(t -> t.assignmentGroup().equals(majority)).count();
    out.printf(
        Locale.ROOT,
        "| always the majority group (%s) | %.3f | – | – | – | – |%n",
        majority,
        majorityRight / (double) test.size());
    for (boolean priors : new boolean[] {false, true}) {
      Taxonomy taxonomy = taxonomy(split.train(), groups, examples, priors ? history : null);
      String what =
          "names + "
              + examples
              + " examples"
              + (priors ? " + priors from the history's shares" : "");
      try (Engine engine = coldEngine(store, dir, "bare-" + priors, Clock.systemUTC())) {
        String tenant = TENANT + "-bare-" + priors;
        put(engine, tenant, taxonomy);
        row("zero-shot, bare taxonomy (" + what + ")", score(engine, tenant, test, vectors, null));
      }
      SteppingClock clock = new SteppingClock();
      try (Engine engine = coldEngine(store, dir, "live-" + priors, clock)) {
        String tenant = TENANT + "-live-" + priors;
        put(engine, tenant, taxonomy);
        List<Metrics.Prediction> live = score(engine, tenant, test, vectors, clock);
        row("zero-shot with live feedback (" + what + "), all", live);
        row(
            "zero-shot with live feedback (" + what + "), second half",
            live.subList(live.size() / 2, live.size()));
      }
    }
  }

  private void row(String name, List<Metrics.Prediction> ps) {
    double highest =
        ps.stream()
            .filter(p -> !p.abstained())
            .mapToDouble(Metrics.Prediction::confidence)
            .max()
            .orElse(Double.NaN);
    double coverage = 1 - Metrics.abstainRate(ps);
    out.printf(
        Locale.ROOT,
        "| %s | %.3f | %.3f | %s | %.3f | %s |%n",
        name,
        Metrics.accuracy(ps),
        coverage,
        f(coverage == 0 ? Double.NaN : Metrics.precisionWhenAnswering(ps)),
        Metrics.expectedCalibrationError(ps),
        f(highest));
    out.flush();
  }

  /**
   * Triages the test tickets. With a {@code feedback} clock, one at a time in order, each labelled
   * right after its triage (the upsert a desk makes when it closes the ticket) and the live
   * recalibration let run before the next.
   */
  private List<Metrics.Prediction> score(
      Engine engine,
      String tenant,
      List<Ticket> test,
      List<float[]> vectors,
      SteppingClock feedback) {
    ProgressBar bar =
        ProgressBar.steps(err, feedback != null ? "live feedback" : "bare taxonomy", test.size());
    Metrics.Prediction[] out = new Metrics.Prediction[test.size()];
    IntStream range = IntStream.range(0, test.size());
    (feedback != null ? range : range.parallel())
        .forEach(
            i -> {
              Ticket t = test.get(i);
              TriageResult r =
                  engine
                      .triage()
                      .triageEmbedded(
                          tenant,
                          new TriageRequest(t.id(), t.subject(), t.body(), null, null, null),
                          engine.triage().settings().k(),
                          vectors.get(i));
              TriageResult.Suggestion s = r.suggestions().get(FIELD);
              out[i] =
                  new Metrics.Prediction(
                      s.bestGuess(), s.confidence(), s.abstained(), t.assignmentGroup());
              if (feedback != null) {
                engine.accuracy().score(tenant, List.of(t));
                feedback.step(TICKET_GAP);
                engine.taxonomies().prepare(tenant).join();
              }
              bar.step();
            });
    bar.finish();
    return List.of(out);
  }

  private static Engine coldEngine(TicketStore store, Path dir, String name, Clock clock)
      throws IOException {
    return Engine.builder(store, Files.createDirectories(dir.resolve("m-" + name)))
        .clock(clock)
        .coldStart(dir.resolve("cold-" + name), ColdStart.Settings.DEFAULTS, null)
        .build();
  }

  private static void put(Engine engine, String tenant, Taxonomy taxonomy) {
    engine.taxonomies().put(tenant, taxonomy);
    engine.taxonomies().prepare(tenant).join();
  }

  /**
   * A clock the live replay moves on by hand, so that every ticket sees the feedback of all before
   * it.
   */
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
