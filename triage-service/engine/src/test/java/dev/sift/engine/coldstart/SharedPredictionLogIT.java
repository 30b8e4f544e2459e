package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.Ticket;
import dev.sift.engine.state.PgStateStore;
import dev.sift.index.pgvector.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' prediction logs on one PostgreSQL: a suggestion made by one is scored through the
 * other.
 */
class SharedPredictionLogIT {

  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  @AutoClose private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create();
  }

  private static PredictionLog replica() {
    return new PredictionLog(PgStateStore.open(db.dataSource()).open(PredictionLog.KIND), CLOCK);
  }

  @Test
  void a_suggestion_made_on_one_replica_is_scored_through_another_and_both_report_it() {
    PredictionLog a = replica();
    PredictionLog b = replica();
    // B has read the tenant's log before A's suggestion exists: it must follow the log, not its
    // first read.
    assertThat(b.accuracy("acme", NOW.minusSeconds(60), NOW.plusSeconds(1))).isEmpty();

    a.record(
        "acme",
        "T-1",
        Map.of("category", new PredictionLog.FieldGuess("Network", false, 0.8, "zero-shot")),
        "m");
    a.record(
        "globex",
        "T-1",
        Map.of("category", new PredictionLog.FieldGuess("Access", false, 0.8, "zero-shot")),
        "m");
    // A writes its suggestions off the triage's path, within PendingLines.LINGER: B scores once
    // they are in the shared log, as a desk's final labels come minutes or days after a triage.
    awaitSuggestions(b, "acme", 1);
    b.score(
        "acme",
        List.of(
            new Ticket(
                "T-1", "vpn", null, "Network", null, null, null, null, null, null, null, null,
                null)));

    for (PredictionLog replica : List.of(a, b)) {
      PredictionLog.FieldAccuracy acc =
          replica
              .accuracy("acme", NOW.minusSeconds(60), NOW.plusSeconds(1))
              .get("category")
              .get("zero-shot");
      assertThat(acc.suggestions()).isEqualTo(1);
      assertThat(acc.scored()).isEqualTo(1);
      assertThat(acc.accuracy()).isEqualTo(1.0);
      assertThat(
              replica
                  .accuracy("globex", NOW.minusSeconds(60), NOW.plusSeconds(1))
                  .get("category")
                  .get("zero-shot")
                  .scored())
          .as("tenants never score each other's suggestions")
          .isZero();
    }
  }

  private static void awaitSuggestions(PredictionLog replica, String tenant, long expected) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      PredictionLog.FieldAccuracy seen =
          replica
              .accuracy(tenant, NOW.minusSeconds(60), NOW.plusSeconds(1))
              .getOrDefault("category", Map.of())
              .get("zero-shot");
      if (seen != null && seen.suggestions() >= expected) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the other replica's suggestions never reached the shared log");
  }
}
