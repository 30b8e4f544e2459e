package dev.sift.evaluation.backtest;

import dev.sift.data.Ticket;
import dev.sift.embedding.Embedder;
import dev.sift.engine.TicketStore;
import dev.sift.evaluation.BadInputException;
import dev.sift.evaluation.Directories;
import dev.sift.evaluation.Embeddings;
import dev.sift.evaluation.Split;
import dev.sift.evaluation.report.HistoryPoint;
import dev.sift.evaluation.report.Metrics;
import dev.sift.evaluation.report.Outcome;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The same test tickets scored with histories of several sizes, each subsampled from the split's
 * history: how a method does on a young desk and on an established one. The subsamples are prefixes
 * of one shuffle with a fixed seed, so the 200-ticket history is part of the 1,000-ticket one and
 * every run draws the same tickets.
 */
final class LearningCurve {

  /** The size that means the whole history. */
  static final String ALL = HistoryPoint.ALL;

  /** Creates the methods of one run, over a fresh store holding that run's history. */
  @FunctionalInterface
  interface Methods {
    /**
     * @param tmp a directory the methods may write in (tenant fits), deleted after the run
     * @param triageNanos collects the time of each of Sift's triage calls
     */
    List<Predictor> create(TicketStore store, Path tmp, ConcurrentLinkedQueue<Long> triageNanos)
        throws IOException;
  }

  private LearningCurve() {}

  /**
   * Parses {@code 200,1000,all}: positive sizes, smallest first, {@code all} last.
   *
   * @throws BadInputException for anything else
   */
  static List<String> parseSizes(String csv) {
    List<String> sizes = new ArrayList<>();
    boolean all = false;
    for (String s : csv.split(",")) {
      String size = s.trim();
      if (size.equals(ALL)) {
        all = true;
        continue;
      }
      try {
        if (Integer.parseInt(size) < 1) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new BadInputException(
            "history size '"
                + size
                + "' is neither a positive number nor '"
                + ALL
                + "'; use for example 200,1000,all");
      }
      if (!sizes.contains(size)) {
        sizes.add(size);
      }
    }
    sizes.sort(Comparator.comparingInt(Integer::parseInt));
    if (all) {
      sizes.add(ALL);
    }
    if (sizes.isEmpty()) {
      throw new BadInputException("no history size given; use for example 200,1000,all");
    }
    return sizes;
  }

  /**
   * The first {@code n} tickets of the history shuffled with {@code seed}, in their original order.
   */
  static List<Ticket> subsample(List<Ticket> history, int n, long seed) {
    Integer[] idx = new Integer[history.size()];
    Arrays.setAll(idx, i -> i);
    List<Integer> shuffled = Arrays.asList(idx);
    Collections.shuffle(shuffled, new Random(seed));
    List<Integer> kept = new ArrayList<>(shuffled.subList(0, Math.min(n, history.size())));
    Collections.sort(kept);
    return kept.stream().map(history::get).toList();
  }

  /**
   * Runs the named methods once per history size, each time on a fresh index holding only that
   * history subsampled with {@code seed}. A size not smaller than the whole history is skipped
   * (with a note on {@code err}); {@code all} always runs.
   */
  static List<HistoryPoint> run(
      Split split,
      Embeddings vectors,
      List<String> sizes,
      List<String> fields,
      Methods methods,
      Embedder embedder,
      long seed,
      PrintStream err)
      throws IOException {
    List<HistoryPoint> points = new ArrayList<>();
    for (String size : sizes) {
      List<Ticket> history = split.train();
      if (!size.equals(ALL)) {
        int n = Integer.parseInt(size);
        if (n >= split.train().size()) {
          err.printf(
              "history size %d is not below the %d history tickets: skipped (see '%s')%n",
              n, split.train().size(), ALL);
          continue;
        }
        history = subsample(split.train(), n, seed);
      }
      points.add(
          runOnce(
              new Split(split.spec(), history, split.test()),
              size,
              vectors,
              fields,
              methods,
              embedder,
              err));
    }
    return points;
  }

  /** One run of the methods over the split's whole history, on a fresh index. */
  static HistoryPoint runOnce(
      Split split,
      String size,
      Embeddings vectors,
      List<String> fields,
      Methods factory,
      Embedder embedder,
      PrintStream err)
      throws IOException {
    Path tmp = Files.createTempDirectory("sift-backtest");
    ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
    List<Predictor> methods = new ArrayList<>();
    try (LuceneVectorIndex index =
        LuceneVectorIndex.builder(tmp.resolve("index"), embedder.dimension()).build()) {
      TicketStore store = new TicketStore(embedder, index);
      for (Predictor p : factory.create(store, tmp, nanos)) {
        if (fields.stream().anyMatch(p::supports)) {
          methods.add(p);
        } else {
          p.close();
        }
      }
      err.printf("history %s: %d tickets%n", size, split.train().size());
      Outcome outcome = new Evaluation(err).run(split, vectors, fields, methods, store);
      double[] ms = nanos.stream().mapToDouble(n -> n / 1e6).toArray();
      return new HistoryPoint(size, split.train().size(), outcome, Metrics.median(ms));
    } finally {
      for (Predictor p : methods) {
        p.close();
      }
      Directories.deleteRecursively(tmp);
    }
  }
}
