package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.Ticket;
import dev.sift.engine.state.FileStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionLogTest {

  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static Ticket resolved(String id, String category) {
    return new Ticket(
        id, "subject", null, category, null, null, null, null, null, null, null, null, null);
  }

  private static Map<String, PredictionLog.FieldGuess> guess(String value, boolean abstained) {
    return Map.of("category", new PredictionLog.FieldGuess(value, abstained, 0.7, "zero-shot"));
  }

  @Test
  void scores_suggestions_against_final_labels_and_survives_a_restart(@TempDir Path dir) {
    PredictionLog log = open(dir);
    log.record("acme", "T-1", guess("Network", false), "zero-shot/m");
    log.record("acme", "T-2", guess("Hardware", true), "zero-shot/m");
    log.record("acme", "T-3", guess("Access", false), "zero-shot/m");
    log.record("other", "T-1", guess("Hardware", false), "zero-shot/m");
    log.score(
        "acme",
        List.of(
            resolved("T-1", "Network"), resolved("T-2", "Hardware"), resolved("T-9", "Access")));

    for (PredictionLog l : List.of(log, open(dir))) {
      PredictionLog.FieldAccuracy a =
          l.accuracy("acme", NOW.minusSeconds(60), NOW.plusSeconds(1))
              .get("category")
              .get("zero-shot");
      assertThat(a.suggestions()).isEqualTo(3);
      assertThat(a.scored()).isEqualTo(2);
      assertThat(a.answered()).isEqualTo(1);
      assertThat(a.accuracy()).isEqualTo(1.0);
      assertThat(a.coverage()).isEqualTo(0.5);
      assertThat(a.abstainRate()).isEqualTo(1 / 3.0);
      assertThat(a.guessAccuracy()).isEqualTo(1.0);
      assertThat(
              l.accuracy("other", NOW.minusSeconds(60), NOW.plusSeconds(1))
                  .get("category")
                  .get("zero-shot")
                  .scored())
          .as("tenants never score each other's suggestions")
          .isZero();
    }
  }

  @Test
  void scored_gives_the_raw_scores_of_the_newest_suggestion_per_ticket_of_one_method(
      @TempDir Path dir) {
    PredictionLog log = open(dir);
    PredictionLog.FieldGuess zeroShot =
        new PredictionLog.FieldGuess("Network", true, 0.5, "zero-shot", 0.81);
    log.record(
        "acme",
        "T-1",
        Map.of("category", new PredictionLog.FieldGuess("Access", true, 0.4, "zero-shot", 0.42)),
        "zero-shot/m");
    log.record("acme", "T-1", Map.of("category", zeroShot), "zero-shot/m"); // the one the desk saw
    log.record(
        "acme",
        "T-2",
        Map.of("category", new PredictionLog.FieldGuess("Hardware", false, 0.95, "neighbours")),
        "m");
    log.record(
        "acme",
        "T-3",
        Map.of("category", new PredictionLog.FieldGuess("Hardware", true, 0.3, "zero-shot", 0.3)),
        "zero-shot/m");
    long before = log.outcomeCount("acme");
    log.score(
        "acme",
        List.of(
            resolved("T-1", "Network"), resolved("T-2", "Hardware"), resolved("T-3", "Access")));

    List<PredictionLog.Scored> scored =
        open(dir).scored("acme", "category", "zero-shot", NOW.minusSeconds(60), NOW.plusSeconds(1));

    assertThat(scored)
        .containsExactly(
            new PredictionLog.Scored(0.81, true, "Network"),
            new PredictionLog.Scored(0.3, false, "Access"));
    assertThat(log.outcomeCount("acme")).isEqualTo(before + 3);
  }

  private static PredictionLog open(Path dir) {
    return new PredictionLog(new FileStateStore(dir), CLOCK);
  }

  @Test
  void compaction_keeps_the_newest_suggestions_and_carries_their_earlier_outcomes(
      @TempDir Path dir) {
    int max = 10;
    PredictionLog log = new PredictionLog(new FileStateStore(dir), CLOCK, max);
    log.record("acme", "KEPT", guess("Network", false), "m");
    log.score("acme", List.of(resolved("KEPT", "Network")));
    for (int i = 0; i < 6; i++) {
      log.record("acme", "N-" + i, guess("Hardware", false), "m");
    }
    // Suggested again: this suggestion survives the compaction, its outcome (logged before the cut)
    // must too.
    log.record("acme", "KEPT", guess("Network", false), "m");
    for (int i = 6; i < 9; i++) {
      log.record("acme", "N-" + i, guess("Hardware", false), "m");
    }

    for (PredictionLog l : List.of(log, new PredictionLog(new FileStateStore(dir), CLOCK, max))) {
      PredictionLog.FieldAccuracy a =
          l.accuracy("acme", NOW.minusSeconds(60), NOW.plusSeconds(1))
              .get("category")
              .get("zero-shot");
      assertThat(a.suggestions()).as("the newest half of %d", max).isEqualTo(max / 2);
      assertThat(a.scored()).isEqualTo(1);
      assertThat(a.accuracy()).isEqualTo(1.0);
    }
    int[] lines = {0};
    new FileStateStore(dir).readLog("acme", r -> lines[0]++);
    assertThat(lines[0]).as("five suggestions and one carried outcome").isEqualTo(max / 2 + 1);
  }

  @Test
  void counts_only_suggestions_inside_the_window(@TempDir Path dir) {
    PredictionLog log = open(dir);
    log.record("acme", "T-1", guess("Network", false), "zero-shot/m");

    assertThat(log.accuracy("acme", NOW.plusSeconds(1), NOW.plusSeconds(60))).isEmpty();
  }
}
