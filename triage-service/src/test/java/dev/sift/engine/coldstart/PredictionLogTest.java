package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.Ticket;
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
    return new Ticket(id, "subject", null, category, null, null, null, null, null, null, null, null, null);
  }

  private static Map<String, PredictionLog.FieldGuess> guess(String value, boolean abstained) {
    return Map.of("category", new PredictionLog.FieldGuess(value, abstained, 0.7, "zero-shot"));
  }

  @Test
  void scores_suggestions_against_final_labels_and_survives_a_restart(@TempDir Path dir) {
    PredictionLog log = new PredictionLog(dir, CLOCK);
    log.record("acme", "T-1", guess("Network", false), "zero-shot/m");
    log.record("acme", "T-2", guess("Hardware", true), "zero-shot/m");
    log.record("acme", "T-3", guess("Access", false), "zero-shot/m");
    log.record("other", "T-1", guess("Hardware", false), "zero-shot/m");
    log.score("acme", List.of(resolved("T-1", "Network"), resolved("T-2", "Hardware"), resolved("T-9", "Access")));

    for (PredictionLog l : List.of(log, new PredictionLog(dir, CLOCK))) {
      PredictionLog.FieldAccuracy a = l.accuracy("acme", NOW.minusSeconds(60), NOW.plusSeconds(1))
          .get("category").get("zero-shot");
      assertThat(a.suggestions()).isEqualTo(3);
      assertThat(a.scored()).isEqualTo(2);
      assertThat(a.answered()).isEqualTo(1);
      assertThat(a.accuracy()).isEqualTo(1.0);
      assertThat(a.coverage()).isEqualTo(0.5);
      assertThat(a.abstainRate()).isEqualTo(1 / 3.0);
      assertThat(a.guessAccuracy()).isEqualTo(1.0);
      assertThat(l.accuracy("other", NOW.minusSeconds(60), NOW.plusSeconds(1)).get("category").get("zero-shot")
          .scored()).as("tenants never score each other's suggestions").isZero();
    }
  }

  @Test
  void counts_only_suggestions_inside_the_window(@TempDir Path dir) {
    PredictionLog log = new PredictionLog(dir, CLOCK);
    log.record("acme", "T-1", guess("Network", false), "zero-shot/m");

    assertThat(log.accuracy("acme", NOW.plusSeconds(1), NOW.plusSeconds(60))).isEmpty();
  }
}
