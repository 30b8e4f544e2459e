package dev.sift.engine;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a tenant's ETA estimator and calibrates its p90, both by a backtest on its own resolved
 * history. The held-out tickets are split into {@link #FOLDS} folds; each fold is judged against
 * baselines fitted without it and against neighbours found among the rest, so no estimator is ever
 * judged on a ticket it was fitted on. The blend of the median and the neighbours is judged with a
 * weight fitted without the ticket as well ({@link #BLEND_FOLDS}). The estimator with the lowest
 * mean absolute error of ln(1 + hours) answers, the simplest one on a tie; each estimator's p90 is
 * its p50 times a split-conformal margin on the log scale.
 */
final class EtaFitter {

  private static final Logger log = LoggerFactory.getLogger(EtaFitter.class);

  static final int FOLDS = 5;

  /** Below this many resolved held-out tickets a backtest chooses by noise; the median answers. */
  static final int MIN_BACKTEST = 30;

  /** Simplest first, so that a tie goes to the estimator with fewer ways to be wrong. */
  static final List<String> CANDIDATES = List.of(EtaFit.MEDIAN, EtaFit.GROUP, EtaFit.NEIGHBOURS);

  /** The blend's weights tried: 0 (the median), 1/20, ... 1 (the neighbours). */
  static final int BLEND_STEPS = 20;

  /**
   * Each ticket's blend uses a weight fitted without its twentieth of the tickets, so the blend's
   * backtest is not flattered by fitting its weight on the tickets it is judged on. A twentieth
   * rather than a fifth: each weight then comes from 95% of the tickets and stays close to the one
   * that answers, where with fifths one weight of a 150-ticket history jumped to 1 and the backtest
   * misjudged the blend (docs/accuracy.md, time to resolve).
   */
  static final int BLEND_FOLDS = 20;

  /**
   * A weight must lower the mean log error by more than this to replace a smaller one: where the
   * median and the neighbours give the same figure, the weights' errors differ by rounding alone.
   */
  private static final double BLEND_TIE = 1e-9;

  private static final double MINUTES_PER_HOUR = 60.0;

  private final EtaEstimator estimator;
  private final double voteTemperature;

  EtaFitter(EngineSettings settings) {
    this.estimator = new EtaEstimator(settings.etaMinResolved(), settings.etaPriorWeight());
    this.voteTemperature = settings.voteTemperature();
  }

  /**
   * @param history the tenant's tickets, resolved or not; only resolved ones count
   * @param heldOut neighbours of held-out tickets by id, each found among the rest of the history;
   *     empty when the history is too small for a backtest
   */
  EtaFit fit(String tenant, List<Ticket> history, Map<String, List<Neighbour>> heldOut) {
    double halfLifeDays = EtaBaselines.halfLifeDays(history);
    EtaBaseline baseline = EtaBaselines.of(history, Set.of(), halfLifeDays);
    List<Ticket> judged =
        history.stream()
            .filter(t -> t.resolutionTime().isPresent() && heldOut.containsKey(t.id()))
            .toList();
    if (judged.size() < MIN_BACKTEST) {
      return new EtaFit(EtaFit.MEDIAN, baseline, 0, Map.of(), 0);
    }
    int n = judged.size();
    Map<String, double[]> p50 =
        outOfFold(history, judged, heldOut, baseline.overall().p50(), halfLifeDays);
    double[] actual = judged.stream().mapToDouble(EtaBaselines::minutes).toArray();
    Map<String, EtaFit.Backtest> backtest = new LinkedHashMap<>();
    String best = null;
    for (String c : CANDIDATES) {
      EtaFit.Backtest b = backtest(p50.get(c), actual);
      backtest.put(c, b);
      if (best == null || b.maeLogHours() < backtest.get(best).maeLogHours()) {
        best = c;
      }
    }
    // The blend is the most complex candidate, so it comes last and answers only with a lower error
    // than all. With a weight of 0 or 1 it is the median or the neighbours, and is not listed.
    double[] median = p50.get(EtaFit.MEDIAN);
    double[] neighbours = p50.get(EtaFit.NEIGHBOURS);
    double weight = blendWeight(median, neighbours, actual, i -> true);
    if (weight > 0 && weight < 1) {
      EtaFit.Backtest blend = backtest(crossFittedBlend(median, neighbours, actual), actual);
      backtest.put(EtaFit.BLEND, blend);
      if (blend.maeLogHours() < backtest.get(best).maeLogHours()) {
        best = EtaFit.BLEND;
      }
    }
    EtaFit.Backtest chosen = backtest.get(best);
    log.info(
        "ETA of tenant {}: {} answers; backtest on {} resolved tickets: MAE ln(1+h) {} (blend weight"
            + " {}); p90 coverage {}, p90 - p50 {} h",
        tenant,
        best,
        n,
        maes(backtest),
        weight,
        round(chosen.p90Coverage()),
        Math.round(chosen.p90WidthHours()));
    return new EtaFit(best, baseline, n, backtest, best.equals(EtaFit.BLEND) ? weight : 0);
  }

  /**
   * The neighbours' weight in [0, 1] whose blend with the median errs least on the tickets {@code
   * in}, from {@code median}'s and {@code neighbours}' out-of-fold p50s; the smaller weight on a
   * tie, the median being the simpler.
   */
  static double blendWeight(
      double[] median, double[] neighbours, double[] actual, IntPredicate in) {
    double best = 0;
    double bestError = Double.POSITIVE_INFINITY;
    for (int step = 0; step <= BLEND_STEPS; step++) {
      double w = step / (double) BLEND_STEPS;
      double sum = 0;
      int count = 0;
      for (int i = 0; i < actual.length; i++) {
        if (in.test(i)) {
          double blend = (1 - w) * logHours(median[i]) + w * logHours(neighbours[i]);
          sum += Math.abs(blend - logHours(actual[i]));
          count++;
        }
      }
      double error = sum / Math.max(1, count);
      if (error < bestError - BLEND_TIE) {
        best = w;
        bestError = error;
      }
    }
    return best;
  }

  /** Each ticket's blend with a weight fitted on the tickets outside its {@link #BLEND_FOLDS}. */
  static double[] crossFittedBlend(double[] median, double[] neighbours, double[] actual) {
    int n = actual.length;
    double[] out = new double[n];
    for (int fold = 0; fold < BLEND_FOLDS; fold++) {
      int f = fold;
      double w = blendWeight(median, neighbours, actual, i -> i % BLEND_FOLDS != f);
      for (int i = fold; i < n; i += BLEND_FOLDS) {
        out[i] = EtaEstimator.mix(median[i], neighbours[i], w);
      }
    }
    return out;
  }

  /**
   * Each candidate's p50 for each judged ticket, from baselines fitted without the ticket's fold.
   */
  private Map<String, double[]> outOfFold(
      List<Ticket> history,
      List<Ticket> judged,
      Map<String, List<Neighbour>> heldOut,
      double fallback,
      double halfLifeDays) {
    int n = judged.size();
    Map<String, double[]> p50 = new LinkedHashMap<>();
    CANDIDATES.forEach(c -> p50.put(c, new double[n]));
    for (int fold = 0; fold < FOLDS; fold++) {
      Set<String> out = new HashSet<>();
      for (int i = fold; i < n; i += FOLDS) {
        out.add(judged.get(i).id());
      }
      EtaBaseline without = EtaBaselines.of(history, out, halfLifeDays);
      LabelField groupField =
          without.groupField() == null
              ? null
              : LabelField.fromJsonName(without.groupField()).orElse(null);
      for (int i = fold; i < n; i += FOLDS) {
        List<Neighbour> neighbours = heldOut.get(judged.get(i).id());
        String groupValue = predictedGroup(neighbours, groupField);
        double[] weights = Votes.weights(neighbours, 0);
        for (String c : CANDIDATES) {
          EtaEstimator.Point p = estimator.point(c, neighbours, weights, without, groupValue);
          p50.get(c)[i] = p == null ? fallback : p.p50();
        }
      }
    }
    return p50;
  }

  /**
   * The group the triage would most likely suggest: the neighbours' vote, as the engine tallies it.
   */
  private String predictedGroup(List<Neighbour> neighbours, LabelField groupField) {
    if (groupField == null) {
      return null;
    }
    List<Votes.Share> shares =
        Votes.tally(neighbours, Votes.weights(neighbours, voteTemperature), groupField);
    return shares.isEmpty() ? null : shares.getFirst().value();
  }

  static EtaFit.Backtest backtest(double[] p50, double[] actual) {
    int n = actual.length;
    double[] logError = new double[n];
    double[] logRatio = new double[n];
    for (int i = 0; i < n; i++) {
      logError[i] = Math.abs(logHours(p50[i]) - logHours(actual[i]));
      logRatio[i] = Math.log(actual[i] / p50[i]);
    }
    double mae = Arrays.stream(logError).average().orElse(0);
    double variance =
        Arrays.stream(logError).map(e -> (e - mae) * (e - mae)).sum() / Math.max(1, n - 1);
    double margin = Math.max(0, QuantileMath.conformal(logRatio, EtaEstimator.P90));
    double[] width = new double[n];
    for (int i = 0; i < n; i++) {
      width[i] = p50[i] * Math.expm1(margin) / MINUTES_PER_HOUR;
    }
    return new EtaFit.Backtest(
        mae, Math.sqrt(variance / n), margin, crossCoverage(logRatio), QuantileMath.median(width));
  }

  /**
   * Each fold judged by the margin fitted on the other folds: the coverage to expect on new
   * tickets.
   */
  static double crossCoverage(double[] logRatio) {
    int n = logRatio.length;
    int covered = 0;
    for (int fold = 0; fold < FOLDS; fold++) {
      double[] rest = new double[n - (n - fold + FOLDS - 1) / FOLDS];
      int r = 0;
      for (int i = 0; i < n; i++) {
        if (i % FOLDS != fold) {
          rest[r++] = logRatio[i];
        }
      }
      double margin = Math.max(0, QuantileMath.conformal(rest, EtaEstimator.P90));
      for (int i = fold; i < n; i += FOLDS) {
        covered += logRatio[i] <= margin ? 1 : 0;
      }
    }
    return covered / (double) n;
  }

  private static String maes(Map<String, EtaFit.Backtest> backtest) {
    StringBuilder out = new StringBuilder();
    backtest.forEach(
        (c, b) ->
            out.append(out.isEmpty() ? "" : ", ")
                .append(c)
                .append(' ')
                .append(round(b.maeLogHours())));
    return out.toString();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static double logHours(double minutes) {
    return EtaEstimator.logHours(minutes);
  }
}
