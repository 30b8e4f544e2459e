package dev.sift.evaluation.backtest;

import dev.sift.data.LabelField;
import dev.sift.data.ProgressBar;
import dev.sift.data.Ticket;
import dev.sift.engine.TicketStore;
import dev.sift.evaluation.Embeddings;
import dev.sift.evaluation.Split;
import dev.sift.evaluation.report.EtaMetrics;
import dev.sift.evaluation.report.Metrics;
import dev.sift.evaluation.report.Outcome;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * Runs every method over the same split and collects their guesses. With a fixed split, the history
 * is stored once and each method triages the test set on all cores. With {@code replay}, tickets
 * are taken oldest first: each is triaged by every method (in parallel) against all tickets created
 * before it, then added; a ticket's resolution joins the history only once the replay clock passes
 * its {@code resolvedAt}, as production would have seen it.
 */
final class Evaluation {

  static final String TENANT = "backtest";

  /**
   * Replay refits tenant fits each time history doubles, and at least every tenth of the replay.
   */
  private static final int REFIT_STEPS = 10;

  private final PrintStream err;

  Evaluation(PrintStream err) {
    this.err = err;
  }

  /**
   * Runs every method over the split; {@code vectors} holds the split's tickets embedded by the
   * store's embedder.
   */
  Outcome run(
      Split split,
      Embeddings vectors,
      List<String> fields,
      List<Predictor> methods,
      TicketStore store)
      throws IOException {
    List<float[]> testVectors = vectors.of(split.test());
    Collector c = new Collector(fields, methods, split.test().size());
    if (split.replay()) {
      replay(split.test(), testVectors, methods, store, c);
    } else {
      // One write, so the index holds the history in insertion order: written in batches, its
      // segments were merged by background threads in an order that depends on timing, and with it
      // the fit's reservoir sample (taken in index order) and the order of tied BM25 hits, so two
      // runs of the same split gave different numbers.
      store.upsertEmbedded(TENANT, split.train(), vectors.of(split.train()));
      for (Predictor m : methods) {
        m.add(split.train());
        m.refit();
        ProgressBar bar = ProgressBar.steps(err, m.name(), split.test().size());
        IntStream.range(0, split.test().size())
            .parallel()
            .forEach(
                i -> {
                  c.record(
                      m,
                      i,
                      predict(m, split.test().get(i), testVectors.get(i)),
                      split.test().get(i));
                  bar.step();
                });
        bar.finish();
      }
    }
    return c.outcome(vectors.textsPerSecond());
  }

  private void replay(
      List<Ticket> tickets,
      List<float[]> vectors,
      List<Predictor> methods,
      TicketStore store,
      Collector c)
      throws IOException {
    PriorityQueue<Ticket> unresolved =
        new PriorityQueue<>(Comparator.comparing(Ticket::resolvedAt));
    int nextRefit = 1;
    ProgressBar bar = ProgressBar.steps(err, "replay", tickets.size());
    for (int i = 0; i < tickets.size(); i++) {
      Ticket t = tickets.get(i);
      List<Ticket> resolved = new ArrayList<>();
      while (!unresolved.isEmpty() && !unresolved.peek().resolvedAt().isAfter(t.createdAt())) {
        resolved.add(unresolved.poll());
      }
      if (!resolved.isEmpty()) {
        store.upsert(TENANT, resolved);
        methods.forEach(m -> m.resolved(resolved));
      }
      if (i > 0) {
        int at = i;
        methods.parallelStream().forEach(m -> c.record(m, at, predict(m, t, vectors.get(at)), t));
      }
      Ticket known = t.resolvedAt() == null ? t : withoutResolution(t);
      if (t.resolvedAt() != null) {
        unresolved.add(t);
      }
      store.upsert(TENANT, List.of(known));
      for (Predictor m : methods) {
        m.add(List.of(known));
      }
      if (i + 1 >= nextRefit) {
        for (Predictor m : methods) {
          m.refit();
        }
        nextRefit = Math.min(2 * (i + 1), i + 1 + Math.max(1, tickets.size() / REFIT_STEPS));
      }
      bar.step();
    }
    bar.finish();
  }

  private static Ticket withoutResolution(Ticket t) {
    return new Ticket(
        t.id(),
        t.subject(),
        t.body(),
        t.category(),
        t.subcategory(),
        t.priority(),
        t.assignmentGroup(),
        t.assignee(),
        t.requester(),
        t.client(),
        t.createdAt(),
        null,
        null);
  }

  private static Predictor.Answer predict(Predictor m, Ticket t, float[] vector) {
    try {
      return m.predict(t, vector);
    } catch (IOException e) {
      throw new UncheckedIOException("method " + m.name() + " failed on ticket " + t.id(), e);
    }
  }

  /** Slots per method and test ticket, filled in parallel, read in test order. */
  private static final class Collector {
    private final List<String> fields;
    private final List<Predictor> methods;
    private final Map<Predictor, Metrics.Prediction[][]> labels = new LinkedHashMap<>();
    private final Map<Predictor, EtaMetrics.EtaPrediction[]> eta = new LinkedHashMap<>();
    private final boolean[] scored;

    Collector(List<String> fields, List<Predictor> methods, int n) {
      this.fields = fields;
      this.methods = methods;
      this.scored = new boolean[n];
      for (Predictor m : methods) {
        labels.put(m, new Metrics.Prediction[fields.size()][n]);
        eta.put(m, new EtaMetrics.EtaPrediction[n]);
      }
    }

    void record(Predictor m, int i, Predictor.Answer a, Ticket t) {
      scored[i] = true;
      for (int f = 0; f < fields.size(); f++) {
        String field = fields.get(f);
        if (!m.supports(field)) {
          continue;
        }
        if ("eta".equals(field)) {
          if (t.resolutionTime().isPresent() && a.eta() != null) {
            eta.get(m)[i] =
                new EtaMetrics.EtaPrediction(
                    a.eta().p50(), a.eta().p90(), t.resolutionTime().get().toSeconds() / 60.0);
          }
          continue;
        }
        LabelField lf = LabelField.fromJsonName(field).orElseThrow();
        String truth = t.label(lf);
        if (truth == null) {
          continue;
        }
        Predictor.Guess g = a.labels().get(lf);
        // A method with no guess (no history for the field yet) counts as a wrong answer with zero
        // confidence.
        labels.get(m)[f][i] =
            g == null
                ? new Metrics.Prediction(null, 0, true, truth, List.of())
                : new Metrics.Prediction(
                    g.value(), g.confidence(), g.abstained(), truth, g.ranked());
      }
    }

    Outcome outcome(double embedRate) {
      Map<String, Map<String, List<Metrics.Prediction>>> byField = new LinkedHashMap<>();
      Map<String, List<EtaMetrics.EtaPrediction>> etaByMethod = new LinkedHashMap<>();
      for (int f = 0; f < fields.size(); f++) {
        String field = fields.get(f);
        for (Predictor m : methods) {
          if (!m.supports(field)) {
            continue;
          }
          if ("eta".equals(field)) {
            etaByMethod.put(m.name(), nonNull(eta.get(m)));
          } else {
            byField
                .computeIfAbsent(field, k -> new LinkedHashMap<>())
                .put(m.name(), nonNull(labels.get(m)[f]));
          }
        }
      }
      int n = 0;
      for (boolean s : scored) {
        n += s ? 1 : 0;
      }
      return new Outcome(byField, etaByMethod, n, embedRate);
    }

    private static <T> List<T> nonNull(T[] a) {
      List<T> out = new ArrayList<>();
      for (T t : a) {
        if (t != null) {
          out.add(t);
        }
      }
      return out;
    }
  }
}
