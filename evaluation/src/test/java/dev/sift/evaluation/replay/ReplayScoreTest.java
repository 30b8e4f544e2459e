package dev.sift.evaluation.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sift.evaluation.replay.ReplayScore.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scoring on hand-built replays: what the detector answered per ticket, and the expected numbers by
 * hand.
 */
class ReplayScoreTest {

  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  private static Observation obs(
      String id, int minute, String burst, String cluster, boolean candidate) {
    return new Observation(id, T0.plus(Duration.ofMinutes(minute)), burst, cluster, candidate);
  }

  @Test
  void delay_counts_the_bursts_own_tickets_and_minutes_until_its_cluster_is_flagged() {
    List<Observation> replay =
        List.of(
            obs("a", 0, null, "c1", false),
            obs("b1", 10, "B", "c2", false),
            obs("x", 11, null, "c1", false),
            obs("b2", 13, "B", "c2", false),
            obs("b3", 14, "B", "c2", false),
            obs("b4", 17, "B", "c2", true),
            obs("b5", 20, "B", "c2", true));
    ReplayScore.Result r = ReplayScore.score(replay, Map.of("c2", "4 tickets"));
    assertThat(r.bursts())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.detected()).isTrue();
              assertThat(b.size()).isEqualTo(5);
              assertThat(b.delayTickets()).isEqualTo(4);
              assertThat(b.delayMinutes()).isCloseTo(7.0, within(1e-9));
              assertThat(b.clusterId()).isEqualTo("c2");
            });
    assertThat(r.detectionRate()).isEqualTo(1.0);
    assertThat(r.candidates())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.raisedBy()).isEqualTo("b4");
              assertThat(c.size()).isEqualTo(5);
              assertThat(c.falseAlarm()).isFalse();
              assertThat(c.reason()).isEqualTo("4 tickets");
            });
    assertThat(r.falseAlarms()).isZero();
  }

  @Test
  void a_burst_joining_a_cluster_already_flagged_is_detected_at_its_first_ticket() {
    List<Observation> replay =
        List.of(
            obs("a", 0, null, "c1", false),
            obs("b", 1, null, "c1", false),
            obs("c", 2, null, "c1", true),
            obs("b1", 5, "B", "c1", true),
            obs("b2", 6, "B", "c1", true));
    ReplayScore.Result r = ReplayScore.score(replay, Map.of());
    assertThat(r.bursts().getFirst().delayTickets()).isEqualTo(1);
    assertThat(r.bursts().getFirst().delayMinutes()).isZero();
    // The candidate holds a burst ticket, so it is not a false alarm.
    assertThat(r.falseAlarms()).isZero();
  }

  @Test
  void means_are_over_detected_bursts_and_the_rate_over_all() {
    List<Observation> replay =
        List.of(
            obs("a1", 0, "A", "c1", false),
            obs("a2", 2, "A", "c1", false),
            obs("a3", 4, "A", "c1", true),
            obs("b1", 60, "B", "c2", false),
            obs("b2", 61, "B", "c2", true),
            obs("n1", 100, "N", "c3", false),
            obs("n2", 130, "N", "c4", false));
    ReplayScore.Result r = ReplayScore.score(replay, Map.of());
    assertThat(r.detectionRate()).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(r.meanDelayTickets()).isCloseTo((3 + 2) / 2.0, within(1e-9));
    assertThat(r.meanDelayMinutes()).isCloseTo((4 + 1) / 2.0, within(1e-9));
    assertThat(r.bursts())
        .filteredOn(b -> b.burst().equals("N"))
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.detected()).isFalse();
              assertThat(b.delayMinutes()).isNaN();
            });
  }

  @Test
  void false_alarms_per_week_divide_unmatched_candidates_by_the_replayed_span() {
    int twoWeeks = (int) Duration.ofDays(14).toMinutes();
    List<Observation> replay =
        List.of(
            obs("first", 0, null, "c0", false),
            obs("f1", 1000, null, "c1", true),
            obs("b1", 2000, "B", "c2", true),
            obs("f2", 5000, null, "c3", true),
            obs("f3", 5001, null, "c3", true),
            obs("last", twoWeeks, null, "c4", false));
    ReplayScore.Result r = ReplayScore.score(replay, Map.of());
    assertThat(r.candidates()).hasSize(3);
    assertThat(r.falseAlarms()).isEqualTo(2);
    assertThat(r.weeks()).isCloseTo(2.0, within(1e-9));
    assertThat(r.falseAlarmsPerWeek()).isCloseTo(1.0, within(1e-9));
    assertThat(r.candidates())
        .filteredOn(ReplayScore.Candidate::falseAlarm)
        .extracting(ReplayScore.Candidate::raisedBy)
        .containsExactly("f1", "f2");
  }

  @Test
  void without_labelled_bursts_the_rate_and_delays_are_undefined() {
    ReplayScore.Result r =
        ReplayScore.score(
            List.of(obs("a", 0, null, "c1", false), obs("b", 60, null, "c1", false)), Map.of());
    assertThat(r.bursts()).isEmpty();
    assertThat(r.detectionRate()).isNaN();
    assertThat(r.meanDelayTickets()).isNaN();
    assertThat(r.falseAlarmsPerWeek()).isZero();
  }
}
