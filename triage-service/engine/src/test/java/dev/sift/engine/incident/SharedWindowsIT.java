package dev.sift.engine.incident;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.engine.state.PgStateStore;
import dev.sift.engine.state.StateStore;
import dev.sift.index.lucene.LuceneVectorIndex;
import dev.sift.index.pgvector.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident windows shared through PostgreSQL as a journal: a snapshot and a log of changes, by
 * two detectors standing for two replicas.
 */
class SharedWindowsIT {

  private static final int DIMENSION = 3;
  private static final Instant START = Instant.parse("2026-06-01T08:00:00Z");

  @TempDir static Path dir;
  private static TestDatabase db;
  private static LuceneVectorIndex index;
  private static StateStore.Factory states;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create();
    index = LuceneVectorIndex.builder(dir, DIMENSION).build();
    states = PgStateStore.open(db.dataSource());
  }

  @AfterAll
  static void dropDatabase() {
    if (index != null) {
      index.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void a_forgotten_tenant_leaves_no_queue_behind_and_the_others_keep_theirs() {
    SharedWindows windows =
        new SharedWindows(states.open(StateStore.INCIDENTS), DIMENSION, Duration.ofHours(1));
    for (String tenant : new String[] {"acme", "globex", "initech"}) {
      assertThat(windows.change(tenant, new TenantWindow(), () -> tenant)).isEqualTo(tenant);
    }
    assertThat(windows.tenantsQueued()).isEqualTo(3);

    windows.forget("globex");

    assertThat(windows.tenantsQueued()).isEqualTo(2);
    assertThat(windows.change("acme", new TenantWindow(), () -> "again")).isEqualTo("again");
    assertThat(windows.tenantsQueued()).isEqualTo(2);
  }

  @Test
  void each_ticket_appends_one_record_and_the_other_replica_follows_it_to_the_same_window() {
    IncidentDetector a = replica();
    IncidentDetector b = replica();
    for (int i = 0; i < 30; i++) {
      (i % 2 == 0 ? a : b)
          .observe("log-co", arrival(i, i % 3, START.plusSeconds(60L * i)), axis(i % 3));
    }

    // The first change writes the snapshot (a delete needs one to tombstone); every later one only
    // appends its record.
    assertThat(logRecords("log-co")).hasSize(29);
    List<Incident> onA = a.incidents("log-co", false);
    assertThat(onA).hasSize(3).allSatisfy(i -> assertThat(i.size()).isEqualTo(10));
    assertThat(b.incidents("log-co", false)).isEqualTo(onA);
    // A replica starting now rebuilds the same window from the snapshot and the log.
    assertThat(replica().incidents("log-co", false)).isEqualTo(onA);

    a.resolve("log-co", onA.getFirst().id(), IncidentState.CONFIRMED);
    assertThat(logRecords("log-co")).hasSize(30);
    assertThat(b.incidents("log-co", true)).hasSize(2);
  }

  @Test
  void an_erased_ticket_leaves_no_record_behind_on_the_log() {
    IncidentDetector a = replica();
    IncidentDetector b = replica();
    for (int i = 0; i < 6; i++) {
      a.observe("erase-co", arrival(i, 0, START.plusSeconds(60L * i)), axis(0));
    }
    assertThat(logRecords("erase-co")).anySatisfy(r -> assertThat(r).contains("subject of t-3"));

    assertThat(b.forget("erase-co", "t-3")).isTrue();

    assertThat(logRecords("erase-co")).isEmpty();
    assertThat(snapshot("erase-co")).doesNotContain("t-3").contains("subject of t-4");
    assertThat(a.incidents("erase-co", false))
        .singleElement()
        .satisfies(i -> assertThat(i.size()).isEqualTo(5));
  }

  @Test
  void the_log_is_compacted_into_the_snapshot_once_it_outgrows_the_window() {
    IncidentDetector a = replica();
    IncidentDetector b = replica();
    // Three times the least log to compact, in whole topics of ten.
    int tickets = (3 * TenantWindow.MIN_LOG_BEFORE_COMPACTING / 10 + 1) * 10;
    for (int i = 0; i < tickets; i++) {
      // A new topic every ten tickets, two hours apart, all from one requester: no cluster is ever
      // a candidate (those are kept for days), old ones expire, and the window stays small.
      Instant at = START.plus(Duration.ofHours(2L * (i / 10))).plusSeconds(i % 10);
      a.observe(
          "busy-co",
          new TicketArrival("t-" + i, "subject of t-" + i, "one-user", null, at),
          axis((i / 10) % 3));
    }

    assertThat(logRecords("busy-co"))
        .hasSizeLessThanOrEqualTo(TenantWindow.MIN_LOG_BEFORE_COMPACTING);
    assertThat(snapshot("busy-co")).as("replaced since the first").doesNotContain("\"t-0\"");
    // The other replica, rebuilt from that snapshot and the log, puts one more ticket on the last
    // topic into the same cluster of ten.
    int last = tickets - 1;
    ClusterView joined =
        b.observe(
            "busy-co",
            new TicketArrival(
                "t-next",
                "subject",
                "one-user",
                null,
                START.plus(Duration.ofHours(2L * (last / 10))).plusSeconds(10)),
            axis((last / 10) % 3));
    assertThat(joined.size()).isEqualTo(11);
  }

  private static IncidentDetector replica() {
    return new IncidentDetector(
        index, IncidentSettings.DEFAULTS, tenant -> null, states.open(StateStore.INCIDENTS));
  }

  private static TicketArrival arrival(int i, int topic, Instant at) {
    return new TicketArrival("t-" + i, "subject of t-" + i, "user-" + i, "client-" + topic, at);
  }

  private static float[] axis(int axis) {
    float[] v = new float[DIMENSION];
    v[axis] = 1;
    return v;
  }

  private static List<String> logRecords(String tenant) {
    return texts(
        "SELECT content FROM sift_state_log WHERE kind = 'incidents' AND tenant = ? ORDER BY seq",
        tenant);
  }

  private static String snapshot(String tenant) {
    return texts("SELECT content FROM sift_state WHERE kind = 'incidents' AND tenant = ?", tenant)
        .getFirst();
  }

  private static List<String> texts(String sql, String tenant) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new String(rs.getBytes(1), UTF_8));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
