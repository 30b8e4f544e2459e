package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VotesAndEtaTest {

  /**
   * Neighbours behind the shares; these fits are calibrated, so the count does not change the
   * confidence.
   */
  private static final int VOTERS = 5;

  private static final Instant T0 = Instant.parse("2026-05-01T09:00:00Z");

  @Test
  void votes_are_weighted_by_similarity_and_skip_neighbours_without_the_field() {
    List<Neighbour> ns =
        List.of(
            neighbour("1", "Network", 0.95, 30),
            neighbour("2", "Email", 0.60, 30),
            neighbour("3", "Email", 0.58, 30),
            neighbour("4", null, 0.99, 30));
    List<Votes.Share> plain = Votes.tally(ns, Votes.weights(ns, 0), LabelField.CATEGORY);
    assertThat(plain.getFirst().value()).isEqualTo("Email");
    assertThat(plain.getFirst().share()).isCloseTo(1.18 / 2.13, within(1e-9));
    // A sharp softmax lets the one close match outvote the two loose ones.
    List<Votes.Share> sharp = Votes.tally(ns, Votes.weights(ns, 0.05), LabelField.CATEGORY);
    assertThat(sharp.getFirst().value()).isEqualTo("Network");
    assertThat(sharp.stream().mapToDouble(Votes.Share::share).sum()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void the_blend_weighs_votes_and_both_heads_and_drops_a_missing_head() {
    List<Votes.Share> votes = List.of(new Votes.Share("Email", 1.0));
    LinearHead embedding =
        new LinearHead(new String[] {"Email", "Network"}, new float[2], new float[] {0, 0}, 1.0);
    LexicalHead lexical =
        LexicalHead.pack(
            new String[] {"Email", "Network"}, new float[] {-10, 10}, new int[0], new float[0], 1);
    LexicalFeatures.Doc doc = LexicalFeatures.extract("vpn", null);
    float[] vector = {1};

    // votes 0.3 (all Email), embedding head 0.3 (half each), lexical head 0.4 (all but certain
    // Network)
    List<Votes.Share> all = Votes.blend(votes, embedding, vector, 0.3, lexical, doc, 0.4);
    assertThat(all.getFirst().value()).isEqualTo("Network");
    assertThat(all.getFirst().share()).isCloseTo(0.15 + 0.4, within(1e-6));
    assertThat(all.stream().mapToDouble(Votes.Share::share).sum()).isCloseTo(1.0, within(1e-9));

    // without a lexical head, votes and embedding head keep their 0.3 : 0.3 ratio, scaled to a sum
    // of 1
    List<Votes.Share> noLexical = Votes.blend(votes, embedding, vector, 0.3, null, doc, 0.4);
    assertThat(noLexical.getFirst().value()).isEqualTo("Email");
    assertThat(noLexical.getFirst().share()).isCloseTo(0.75, within(1e-9));

    // both weights 0: the votes as they are
    assertThat(Votes.blend(votes, embedding, vector, 0, lexical, doc, 0)).isSameAs(votes);
  }

  @Test
  void a_tilt_towards_the_base_rates_overturns_a_narrow_upset_of_the_common_value() {
    List<Votes.Share> shares =
        List.of(new Votes.Share("Minor", 0.6), new Votes.Share("Major", 0.4));
    java.util.Map<String, Long> counts = java.util.Map.of("Major", 70L, "Minor", 30L);

    assertThat(Votes.tilt(shares, counts, 0)).isSameAs(shares);
    List<Votes.Share> tilted = Votes.tilt(shares, counts, 1);
    // 0.4 * 71/103 against 0.6 * 31/103, renormalised
    assertThat(tilted.getFirst().value()).isEqualTo("Major");
    assertThat(tilted.getFirst().share()).isCloseTo(0.4 * 71 / (0.4 * 71 + 0.6 * 31), within(1e-9));
    assertThat(tilted.stream().mapToDouble(Votes.Share::share).sum()).isCloseTo(1.0, within(1e-9));
    // a clear upset survives the same tilt
    assertThat(
            Votes.tilt(
                    List.of(new Votes.Share("Minor", 0.95), new Votes.Share("Major", 0.05)),
                    counts,
                    1)
                .getFirst()
                .value())
        .isEqualTo("Minor");
  }

  @Test
  void a_strong_tilt_lets_only_near_unanimous_neighbours_overturn_the_common_value() {
    java.util.Map<String, Long> counts = java.util.Map.of("Major", 70L, "Minor", 30L);
    // (71/31)^4 is about 27.5: a 0.9 upset falls, a 0.99 one stands.
    assertThat(
            Votes.tilt(
                    List.of(new Votes.Share("Minor", 0.9), new Votes.Share("Major", 0.1)),
                    counts,
                    4)
                .getFirst()
                .value())
        .isEqualTo("Major");
    assertThat(
            Votes.tilt(
                    List.of(new Votes.Share("Minor", 0.99), new Votes.Share("Major", 0.01)),
                    counts,
                    4)
                .getFirst()
                .value())
        .isEqualTo("Minor");
  }

  @Test
  void head_weights_above_one_together_are_refused() {
    assertThatThrownBy(
            () ->
                EngineSettings.DEFAULTS
                    .withLexicalHeadWeight(0)
                    .withLinearWeight(0.7)
                    .withLexicalHeadWeight(0.4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sum to at most 1");
  }

  @Test
  void abstained_suggestion_keeps_its_best_guess_as_first_alternative() {
    FieldFit fit =
        new FieldFit(
            Map.of("Email", 3L, "Network", 2L),
            IsotonicCalibrator.identity(),
            0.9,
            FieldFit.BacktestSummary.NONE);
    var s =
        Suggestions.suggest(
            List.of(new Votes.Share("Email", 0.6), new Votes.Share("Network", 0.4)), fit, VOTERS);
    assertThat(s.abstained()).isTrue();
    assertThat(s.value()).isNull();
    assertThat(s.alternatives())
        .extracting(TriageResult.Alternative::value)
        .containsExactly("Email", "Network");
    var sure =
        Suggestions.suggest(
            List.of(new Votes.Share("Email", 0.95), new Votes.Share("Network", 0.05)), fit, VOTERS);
    assertThat(sure.abstained()).isFalse();
    assertThat(sure.value()).isEqualTo("Email");
    assertThat(sure.alternatives())
        .extracting(TriageResult.Alternative::value)
        .containsExactly("Network");
  }

  @Test
  void no_alternative_is_more_confident_than_the_leading_guess() {
    // Calibration says a 0.6 share is right only 40% of the time: the runner-up must not then claim
    // 57%.
    IsotonicCalibrator pessimistic =
        new IsotonicCalibrator(new double[] {0, 0.6, 1}, new double[] {0, 0.4, 0.9});
    FieldFit fit =
        new FieldFit(Map.of("P2", 3L, "P4", 2L), pessimistic, 0.9, FieldFit.BacktestSummary.NONE);
    var s =
        Suggestions.suggest(
            List.of(new Votes.Share("P2", 0.6), new Votes.Share("P4", 0.4)), fit, VOTERS);
    assertThat(s.alternatives())
        .extracting(TriageResult.Alternative::confidence)
        .allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(s.confidence()));
  }

  @Test
  void alternatives_share_the_rest_of_the_probability_in_vote_order() {
    double[] p = Sharpen.toTop(new double[] {0.5, 0.3, 0.15, 0.05}, 0.3);
    assertThat(p[0]).isCloseTo(0.3, within(1e-6));
    assertThat(p[1]).isLessThan(p[0]).isGreaterThan(p[2]);
    assertThat(p[2]).isGreaterThan(p[3]);
    assertThat(p[0] + p[1] + p[2] + p[3]).isCloseTo(1.0, within(1e-9));
    double[] sharper = Sharpen.toTop(new double[] {0.5, 0.3, 0.2}, 0.9);
    assertThat(sharper[0]).isCloseTo(0.9, within(1e-6));
  }

  @Test
  void eta_is_the_weighted_median_of_resolved_neighbours_lifted_by_the_conformal_margin() {
    List<Neighbour> ns =
        List.of(
            neighbour("1", "A", 0.9, 30),
            neighbour("2", "A", 0.9, 60),
            neighbour("3", "A", 0.9, 600),
            neighbour("4", "A", 0.9, -1));
    EtaFit fit =
        new EtaFit(
            EtaFit.NEIGHBOURS,
            new EtaBaseline(null, new EtaBaseline.Quantiles(0, 0, 0), Map.of()),
            100,
            Map.of(EtaFit.NEIGHBOURS, new EtaFit.Backtest(1.0, 0.1, Math.log(10), 0.9, 9)),
            0);
    Eta eta = new EtaEstimator(3, 0).estimate(ns, new double[] {1, 1, 1, 1}, fit, null);
    assertThat(eta).isEqualTo(new Eta(60, 600, 3, "neighbours"));
  }

  @Test
  void eta_names_the_group_or_the_median_when_too_few_neighbours_are_resolved() {
    List<Neighbour> ns = List.of(neighbour("1", "A", 0.9, 30), neighbour("2", "A", 0.9, -1));
    EtaBaseline baseline =
        new EtaBaseline(
            "category",
            new EtaBaseline.Quantiles(500, 2000, 100),
            Map.of("A", new EtaBaseline.Quantiles(45, 120, 10)));
    EtaFit fit =
        new EtaFit(
            EtaFit.NEIGHBOURS,
            baseline,
            100,
            Map.of(
                EtaFit.GROUP, new EtaFit.Backtest(1.0, 0.1, Math.log(3), 0.9, 1),
                EtaFit.MEDIAN, new EtaFit.Backtest(1.1, 0.1, Math.log(5), 0.9, 1)),
            0);
    Eta eta = new EtaEstimator(3, 0).estimate(ns, new double[] {1, 1}, fit, "A");
    assertThat(eta).isEqualTo(new Eta(45, 135, 0, "group"));
    Eta unknownGroup = new EtaEstimator(3, 0).estimate(ns, new double[] {1, 1}, fit, "B");
    assertThat(unknownGroup).isEqualTo(new Eta(500, 2500, 0, "median"));
  }

  @Test
  void the_blend_mixes_the_median_and_the_neighbours_on_log_hours_and_lifts_by_its_own_margin() {
    List<Neighbour> ns =
        List.of(
            neighbour("1", "A", 0.9, 30),
            neighbour("2", "A", 0.9, 60),
            neighbour("3", "A", 0.9, 600),
            neighbour("4", "A", 0.9, -1));
    // The median is 7 hours, the neighbours say 1 hour: halfway between ln 8 and ln 2 is ln 4, so
    // 3 hours.
    EtaBaseline baseline =
        new EtaBaseline(null, new EtaBaseline.Quantiles(7 * 60, 20 * 60, 100), Map.of());
    EtaFit fit =
        new EtaFit(
            EtaFit.BLEND,
            baseline,
            100,
            Map.of(
                EtaFit.BLEND, new EtaFit.Backtest(1.0, 0.1, Math.log(2), 0.9, 3),
                EtaFit.NEIGHBOURS, new EtaFit.Backtest(1.1, 0.1, Math.log(10), 0.9, 9)),
            0.5);
    Eta eta = new EtaEstimator(3, 0).estimate(ns, new double[] {1, 1, 1, 1}, fit, null);
    assertThat(eta).isEqualTo(new Eta(180, 360, 3, "blend"));
  }

  @Test
  void a_small_group_is_shrunk_towards_the_tenant_median_in_log_space() {
    EtaBaseline baseline =
        new EtaBaseline(
            "category",
            new EtaBaseline.Quantiles(1000, 2000, 100),
            Map.of("A", new EtaBaseline.Quantiles(10, 20, 10)));
    EtaEstimator.Point p = new EtaEstimator(3, 10).group(baseline, "A");
    // Ten tickets against a pseudo-count of ten: halfway between ln 10 and ln 1000.
    assertThat(p.p50()).isCloseTo(100, within(1e-6));
    assertThat(p.method()).isEqualTo("group");
  }

  private static Neighbour neighbour(String id, String category, double similarity, long minutes) {
    Ticket t =
        new Ticket(
            id,
            "subject " + id,
            null,
            category,
            null,
            null,
            null,
            null,
            null,
            null,
            T0,
            minutes < 0 ? null : T0.plus(Duration.ofMinutes(minutes)),
            null);
    return new Neighbour(t, similarity, similarity);
  }
}
