package dev.sift.evaluation;

import java.util.Arrays;

/** Entry point of {@code evaluation/bin/sift-eval}: {@code backtest} or {@code bench}. */
public final class SiftEval {
  private SiftEval() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: sift-eval backtest|bench --data FILE --map MAPPING [options]");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "backtest" -> Backtest.main(rest);
      case "bench" -> Benchmark.main(rest);
      default -> {
        System.err.println("unknown command '" + args[0] + "'; use backtest or bench");
        System.exit(2);
      }
    }
  }
}
