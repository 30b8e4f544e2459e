package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sift.data.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ETA selector and its conformal p90 on synthetic tickets whose resolution times are known:
 * log-normal around {@link #MEDIAN_MINUTES} with spread {@link #LOG_SPREAD}, drawn with fixed
 * seeds.
 */
class EtaFitterTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final double MEDIAN_MINUTES = 600;
  private static final double LOG_SPREAD = 1.5;
  private static final double OFFSET_SPREAD = 1.0;
  private static final double NEIGHBOUR_ERROR = Math.sqrt(5);
  private static final double OWN_NOISE = 0.3;

  /** Far more than the rounding between two estimators' errors on the fixture's 800 tickets. */
  private static final double CLEAR_WIN = 0.02;

  private static final int HISTORY = 800;
  private static final int K = 5;
  private static final EtaFitter FITTER = new EtaFitter(EngineSettings.DEFAULTS);
  private static final EtaEstimator ESTIMATOR =
      new EtaEstimator(
          EngineSettings.DEFAULTS.etaMinResolved(), EngineSettings.DEFAULTS.etaPriorWeight());

  @Test
  void the_median_answers_when_neighbours_are_noise() {
    Random random = new Random(7);
    List<Ticket> history = new ArrayList<>();
    for (int i = 0; i < HISTORY; i++) {
      history.add(
          resolved("T" + i, T0.plus(Duration.ofHours(i)), logNormal(random, MEDIAN_MINUTES)));
    }
    // Neighbours drawn at random from the rest: their times say nothing about the ticket's.
    Map<String, List<Neighbour>> heldOut = new HashMap<>();
    for (Ticket t : history) {
      List<Neighbour> ns = new ArrayList<>();
      while (ns.size() < K) {
        Ticket n = history.get(random.nextInt(HISTORY));
        if (n != t) {
          ns.add(new Neighbour(n, 0.5 + 0.4 * random.nextDouble(), 0));
        }
      }
      heldOut.put(t.id(), ns);
    }

    EtaFit fit = FITTER.fit("synthetic", history, heldOut);

    assertThat(fit.method()).isEqualTo(EtaFit.MEDIAN);
    assertThat(fit.samples()).isEqualTo(HISTORY);
    assertThat(fit.backtest().get(EtaFit.NEIGHBOURS).maeLogHours())
        .isGreaterThan(fit.backtest().get(EtaFit.MEDIAN).maeLogHours());
    // Mixing noise in does not help either: the blend's best weight is 0, the median itself, so
    // the blend is not a candidate.
    assertThat(fit.backtest()).doesNotContainKey(EtaFit.BLEND);
    assertThat(fit.blendWeight()).isZero();
    Eta eta = ESTIMATOR.estimate(heldOut.get("T0"), new double[K], fit, null);
    assertThat(eta.method()).isEqualTo("median");
    assertThat(eta.basedOn()).isZero();
  }

  @Test
  void the_neighbours_answer_when_their_times_carry_the_signal() {
    Random random = new Random(11);
    int clusters = 40;
    double[] clusterMedian = new double[clusters];
    for (int c = 0; c < clusters; c++) {
      clusterMedian[c] = logNormal(random, MEDIAN_MINUTES);
    }
    List<Ticket> history = new ArrayList<>();
    for (int i = 0; i < HISTORY; i++) {
      history.add(
          resolved(
              "T" + i,
              T0.plus(Duration.ofHours(i)),
              clusterMedian[i % clusters] * Math.exp(0.2 * random.nextGaussian())));
    }
    // Neighbours from the ticket's own cluster, as retrieval finds near-duplicates.
    Map<String, List<Neighbour>> heldOut = new HashMap<>();
    for (int i = 0; i < HISTORY; i++) {
      List<Neighbour> ns = new ArrayList<>();
      for (int j = 1; j <= K; j++) {
        ns.add(new Neighbour(history.get((i + j * clusters) % HISTORY), 0.9, 0));
      }
      heldOut.put(history.get(i).id(), ns);
    }

    EtaFit fit = FITTER.fit("synthetic", history, heldOut);

    assertThat(fit.method()).isEqualTo(EtaFit.NEIGHBOURS);
    Eta eta = ESTIMATOR.estimate(heldOut.get("T0"), new double[] {1, 1, 1, 1, 1}, fit, null);
    assertThat(eta.method()).isEqualTo("neighbours");
    assertThat(eta.basedOn()).isEqualTo(K);
  }

  @Test
  void the_blend_beats_both_when_the_median_and_the_neighbours_each_carry_part_of_the_signal() {
    // A ticket's log time is an offset of its own (spread OFFSET_SPREAD) plus a little noise. Its
    // neighbours point the right way but overshoot: their log times are the ticket's offset plus a
    // shared error NEIGHBOUR_ERROR wide. Alone, the neighbours' figure and the median err about
    // equally; a mix of the two errs less than either.
    Random random = new Random(5);
    List<Ticket> history = new ArrayList<>();
    Map<String, List<Neighbour>> heldOut = new HashMap<>();
    for (int i = 0; i < HISTORY; i++) {
      double offset = OFFSET_SPREAD * random.nextGaussian();
      Instant created = T0.plus(Duration.ofHours(i));
      Ticket t = resolved("T" + i, created, MEDIAN_MINUTES * Math.exp(offset + noise(random)));
      history.add(t);
      double overshoot = offset + NEIGHBOUR_ERROR * random.nextGaussian();
      List<Neighbour> ns = new ArrayList<>();
      for (int j = 0; j < K; j++) {
        double minutes = MEDIAN_MINUTES * Math.exp(overshoot + noise(random));
        ns.add(new Neighbour(resolved("N" + i + "-" + j, created, minutes), 0.9, 0));
      }
      heldOut.put(t.id(), ns);
    }

    EtaFit fit = FITTER.fit("synthetic", history, heldOut);

    assertThat(fit.method()).isEqualTo(EtaFit.BLEND);
    assertThat(fit.blendWeight()).isStrictlyBetween(0.0, 1.0);
    EtaFit.Backtest blend = fit.backtest().get(EtaFit.BLEND);
    assertThat(blend.maeLogHours())
        .isLessThan(fit.backtest().get(EtaFit.MEDIAN).maeLogHours() - CLEAR_WIN)
        .isLessThan(fit.backtest().get(EtaFit.NEIGHBOURS).maeLogHours() - CLEAR_WIN);
    assertThat(blend.p90Coverage()).isBetween(0.85, 0.95);
    Eta eta = ESTIMATOR.estimate(heldOut.get("T0"), new double[] {1, 1, 1, 1, 1}, fit, null);
    assertThat(eta.method()).isEqualTo(EtaFit.BLEND);
    assertThat(eta.basedOn()).isEqualTo(K);
    EtaBaseline baseline = fit.baseline();
    double median = EtaEstimator.median(baseline).p50();
    double neighbours =
        ESTIMATOR.neighbours(heldOut.get("T0"), new double[] {1, 1, 1, 1, 1}, baseline, null).p50();
    assertThat((double) eta.p50Minutes())
        .isCloseTo(EtaEstimator.mix(median, neighbours, fit.blendWeight()), within(1.0));
  }

  @Test
  void the_conformal_p90_covers_about_90_percent_of_new_tickets() {
    Random random = new Random(3);
    List<Ticket> history = new ArrayList<>();
    Map<String, List<Neighbour>> heldOut = new HashMap<>();
    for (int i = 0; i < HISTORY; i++) {
      Ticket t = resolved("T" + i, T0.plus(Duration.ofHours(i)), logNormal(random, MEDIAN_MINUTES));
      history.add(t);
      heldOut.put(t.id(), List.of());
    }

    EtaFit fit = FITTER.fit("synthetic", history, heldOut);
    Eta eta = ESTIMATOR.estimate(List.of(), new double[0], fit, null);
    int fresh = 4_000;
    int covered = 0;
    for (int i = 0; i < fresh; i++) {
      covered += logNormal(random, MEDIAN_MINUTES) <= eta.p90Minutes() ? 1 : 0;
    }

    assertThat(covered / (double) fresh).isBetween(0.85, 0.95);
    EtaFit.Backtest backtest = fit.backtest().get(fit.method());
    assertThat(backtest.p90Coverage()).isBetween(0.85, 0.95);
    // The true p90 of the fixture is e^(1.2816 · 1.5) = 6.8 times its median.
    assertThat(eta.p90Minutes() / (double) eta.p50Minutes()).isBetween(5.0, 9.0);
    assertThat(backtest.p90WidthHours())
        .isCloseTo(
            (eta.p90Minutes() - eta.p50Minutes()) / 60.0,
            org.assertj.core.data.Percentage.withPercentage(5));
  }

  @Test
  void recency_weighting_follows_a_drift() {
    // Four years in which resolution times grow steadily from 100 to 1,000 minutes.
    List<Ticket> history = new ArrayList<>();
    Duration span = Duration.ofDays(4 * 365);
    for (int i = 0; i < HISTORY; i++) {
      double at = i / (double) (HISTORY - 1);
      history.add(
          resolved(
              "T" + i,
              T0.plus(span.multipliedBy(i).dividedBy(HISTORY - 1)),
              100 * Math.pow(10, at)));
    }

    double p50 = EtaBaselines.of(history).overall().p50();

    // Unweighted, the median is the middle of the four years (about 316 minutes). With a one-year
    // half-life, half the weight lies within 0.91 years of the newest ticket: 100 · 10^(3.09 / 4),
    // about 590 minutes.
    assertThat(p50).isBetween(540.0, 640.0);
  }

  @Test
  void a_small_history_spread_over_years_keeps_an_even_weight() {
    // 150 tickets over twelve years, times growing from 100 to 1,000 minutes. A one-year half-life
    // would leave about 40 tickets' worth of evidence; only equal weights keep all 150, so the
    // median is the plain one: 100 · 10^(74.5 / 149) = 316 minutes.
    List<Ticket> history = drifting(150, Duration.ofDays(12 * 365));

    assertThat(EtaBaselines.halfLifeDays(history)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(EtaBaselines.of(history).overall().p50()).isBetween(300.0, 330.0);
  }

  @Test
  void the_half_life_stretches_until_the_weights_keep_two_hundred_tickets() {
    // Over twelve years, a one-year half-life keeps about 24% of the tickets' worth: 240 of 1,000,
    // enough; 144 of 600, too few, where a two-year half-life keeps about 280.
    List<Ticket> thousand = drifting(1_000, Duration.ofDays(12 * 365));
    List<Ticket> sparse = drifting(600, Duration.ofDays(12 * 365));

    assertThat(EtaBaselines.halfLifeDays(thousand)).isEqualTo(365.0);
    assertThat(EtaBaselines.halfLifeDays(sparse)).isEqualTo(730.0);
  }

  /**
   * {@code n} resolved tickets evenly over {@code span}, times growing from 100 to 1,000 minutes.
   */
  private static List<Ticket> drifting(int n, Duration span) {
    List<Ticket> history = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      history.add(
          resolved(
              "T" + i,
              T0.plus(span.multipliedBy(i).dividedBy(n - 1)),
              100 * Math.pow(10, i / (double) (n - 1))));
    }
    return history;
  }

  @Test
  void open_tickets_are_not_counted_as_resolved() {
    List<Ticket> history = new ArrayList<>();
    Map<String, List<Neighbour>> heldOut = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      history.add(resolved("R" + i, T0.plus(Duration.ofHours(i)), 60));
      Ticket open =
          new Ticket(
              "O" + i,
              "open " + i,
              null,
              "A",
              null,
              null,
              null,
              null,
              null,
              null,
              T0.plus(Duration.ofHours(i)),
              null,
              null);
      history.add(open);
      heldOut.put("R" + i, List.of(new Neighbour(open, 0.9, 0)));
      heldOut.put(open.id(), List.of());
    }

    EtaFit fit = FITTER.fit("synthetic", history, heldOut);

    assertThat(fit.baseline().overall()).isEqualTo(new EtaBaseline.Quantiles(60, 60, 100));
    assertThat(fit.samples()).isEqualTo(100);
    // The open neighbour has no time to give, so the neighbours' estimator falls back to the
    // median.
    Eta eta =
        ESTIMATOR.estimate(
            heldOut.get("R0"),
            new double[] {1},
            new EtaFit(EtaFit.NEIGHBOURS, fit.baseline(), fit.samples(), fit.backtest(), 0),
            null);
    assertThat(eta).isEqualTo(new Eta(60, 60, 0, "median"));
  }

  @Test
  void the_conformal_bound_is_the_rank_that_guarantees_the_level() {
    double[] nine = {9, 1, 8, 2, 7, 3, 6, 4, 5};
    assertThat(QuantileMath.conformal(nine, 0.9)).isEqualTo(9);
    assertThat(QuantileMath.conformal(nine, 0.5)).isEqualTo(5);
    // ⌈9 · 0.9⌉ = 9 > 8 scores: no finite bound holds at 90%.
    assertThat(QuantileMath.conformal(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 0.9)).isInfinite();
  }

  private static double noise(Random random) {
    return OWN_NOISE * random.nextGaussian();
  }

  private static double logNormal(Random random, double median) {
    return median * Math.exp(LOG_SPREAD * random.nextGaussian());
  }

  private static Ticket resolved(String id, Instant created, double minutes) {
    return new Ticket(
        id,
        "subject " + id,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        created,
        created.plusSeconds(Math.round(minutes * 60)),
        null);
  }
}
