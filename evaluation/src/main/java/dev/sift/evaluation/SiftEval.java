package dev.sift.evaluation;

import dev.sift.data.ImportException;
import dev.sift.evaluation.backtest.BacktestCommand;
import dev.sift.evaluation.backtest.ColdStartEval;
import dev.sift.evaluation.backtest.SuiteCommand;
import dev.sift.evaluation.backtest.SweepCommand;
import dev.sift.evaluation.bench.Benchmark;
import dev.sift.evaluation.replay.ReplayCommand;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.Arrays;

/**
 * Entry point of {@code evaluation/bin/sift-eval}: {@code backtest} (the data team's report),
 * {@code replay} (the major-incident detector on a ticket stream), {@code suite} (every development
 * data set into docs/accuracy.md), {@code sweep} (the engine-settings sweep behind
 * docs/accuracy.md), {@code bench} or {@code cold-start} (docs/cold-start.md).
 */
public final class SiftEval {
  private SiftEval() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(
          "usage: sift-eval backtest|replay|suite|sweep|bench|cold-start --data FILE --map MAPPING [options]");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "backtest" -> {
        try {
          new BacktestCommand(System.out, System.err).run(Options.parse(rest));
        } catch (BadInputException | IllegalArgumentException | ImportException e) {
          System.err.println("sift-eval: " + e.getMessage());
          System.exit(2);
        }
      }
      case "replay" -> {
        try {
          new ReplayCommand(System.out, System.err).run(Options.parse(rest));
        } catch (BadInputException
            | IllegalArgumentException
            | ImportException
            | DateTimeException e) {
          System.err.println("sift-eval: " + e.getMessage());
          System.exit(2);
        }
      }
      case "suite" -> {
        // The wrapper passes the checkout, so the default data root and docs/accuracy.md do not
        // depend on the cwd.
        Path repo = Path.of(System.getProperty("sift.repo", "."));
        try {
          new SuiteCommand(System.out, System.err, System.getenv(), repo).run(Options.parse(rest));
        } catch (BadInputException | IllegalArgumentException | ImportException e) {
          System.err.println("sift-eval: " + e.getMessage());
          System.exit(2);
        }
      }
      case "sweep" -> SweepCommand.main(rest);
      case "bench" -> Benchmark.main(rest);
      case "cold-start" -> ColdStartEval.main(rest);
      default -> {
        System.err.println(
            "unknown command '"
                + args[0]
                + "'; use backtest, replay, suite, sweep, bench or cold-start");
        System.exit(2);
      }
    }
  }
}
