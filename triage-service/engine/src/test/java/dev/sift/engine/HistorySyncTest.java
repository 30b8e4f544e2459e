package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.engine.incident.Incident;
import dev.sift.engine.incident.IncidentSettings;
import dev.sift.index.lucene.LuceneVectorIndex;
import dev.sift.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform syncs 3,000 past tickets (without {@code createdAt}, as many exports lack it) through
 * the live upsert in batches of 200, then sends its ordinary traffic and a real burst: only
 * arrivals may reach the incident window.
 */
class HistorySyncTest {

  private static final Instant START = Instant.parse("2026-06-01T08:00:00Z");
  private static final int HISTORY = 3_000;
  private static final int SYNC_BATCH = 200;
  private static final int ORDINARY = 80;
  private static final Duration ORDINARY_GAP = Duration.ofMinutes(3);
  private static final Duration BURST_GAP = Duration.ofMinutes(2);

  /**
   * Topics the history repeats a hundred times each; several would look like bursts if counted as
   * "now".
   */
  private static final String[] HISTORY_TOPICS = {
    "Outlook not loading",
    "VPN disconnects every hour",
    "printer jams on floor 2",
    "password reset please",
    "SAP login error",
    "monitor flickers",
    "laptop will not boot",
    "Teams call drops",
    "wifi slow in office",
    "cannot access shared drive",
    "new starter needs an account",
    "mailbox full",
    "MFA prompt not arriving",
    "docking station no display",
    "Excel crashes on open",
    "phone headset not working",
    "Zoom audio echo",
    "badge does not open the door",
    "software install request",
    "keyboard keys stuck",
    "calendar not syncing",
    "file restore from backup",
    "printer offline",
    "license expired for Visio",
    "browser certificate warning",
    "slow laptop after update",
    "SharePoint access denied",
    "OneDrive not syncing",
    "webcam not detected",
    "account locked out"
  };

  private static final String[] ORDINARY_TOPICS = {
    "Requesting a second monitor",
    "Expense tool shows an error",
    "Need Visio installed",
    "Desk phone dead",
    "Cannot print in colour",
    "Password expired",
    "Mouse not working",
    "Access to HR folder",
    "Laptop fan loud",
    "Wifi drops in canteen",
    "Update Adobe Reader",
    "Excel macro blocked",
    "VPN token lost",
    "Calendar shows old meetings",
    "Teams status stuck",
    "Onboarding laptop for new hire",
    "Scanner sends no email",
    "Projector in room 4 flickers",
    "SAP report slow",
    "Request admin rights",
    "Jira access for contractor",
    "Mailbox delegation request",
    "Screen cracked",
    "USB port not working",
    "Browser home page changed",
    "Printer toner empty",
    "Reset MFA device",
    "Shared calendar permission",
    "Install Python",
    "Zoom licence",
    "Laptop battery drains fast",
    "Docking station firmware",
    "Outlook rules not working",
    "Keyboard layout wrong",
    "Phone will not charge",
    "Cannot open PDF",
    "File share quota",
    "Wrong time zone on laptop",
    "Headset crackles",
    "Lost access to wiki"
  };
  private static final String[] BURST = {
    "Outlook is not loading at all", "outlook won't load this morning",
        "Outlook stuck on loading profile",
    "outlook does not load", "Outlook not loading for me either", "Outlook hangs while loading"
  };

  @TempDir static Path dir;
  private static Embedder embedder;

  @BeforeAll
  static void model() {
    embedder = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void
      a_history_sync_raises_no_alarm_and_a_later_burst_is_flagged_in_one_candidate_by_its_fifth_ticket() {
    ManualClock clock = new ManualClock(START);
    try (LuceneVectorIndex index =
            LuceneVectorIndex.builder(dir.resolve("index"), embedder.dimension()).build();
        Engine engine =
            Engine.builder(new TicketStore(embedder, index), dir.resolve("models"))
                .clock(clock)
                .incidents(IncidentSettings.DEFAULTS)
                .build()) {
      List<Incident> raised = new CopyOnWriteArrayList<>();
      engine.majorIncidents().onCandidate((tenant, incident) -> raised.add(incident));

      List<Ticket> history = new ArrayList<>();
      for (int i = 0; i < HISTORY; i++) {
        history.add(ticket("H-" + i, HISTORY_TOPICS[i % HISTORY_TOPICS.length], "past" + i, null));
      }
      for (int from = 0; from < HISTORY; from += SYNC_BATCH) {
        engine.tickets().upsert("acme", history.subList(from, from + SYNC_BATCH));
      }
      assertThat(engine.majorIncidents().list("acme", false))
          .as("the sync left no cluster")
          .isEmpty();

      for (int i = 0; i < ORDINARY; i++) {
        clock.advance(ORDINARY_GAP);
        engine
            .tickets()
            .upsert(
                "acme",
                List.of(
                    ticket(
                        "N-" + i,
                        ORDINARY_TOPICS[i % ORDINARY_TOPICS.length],
                        "user" + i,
                        clock.instant())));
      }
      int falseAlarms = raised.size();

      int flaggedAt = -1;
      for (int i = 0; i < BURST.length; i++) {
        clock.advance(BURST_GAP);
        engine
            .tickets()
            .upsert("acme", List.of(ticket("B-" + i, BURST[i], "burst" + i, clock.instant())));
        if (flaggedAt < 0 && raised.stream().anyMatch(HistorySyncTest::isBurst)) {
          flaggedAt = i + 1;
        }
      }

      assertThat(falseAlarms).as("false alarms before the burst").isLessThanOrEqualTo(1);
      assertThat(flaggedAt).as("burst ticket that raised the candidate").isBetween(1, 5);
      List<Incident> burst =
          engine.majorIncidents().list("acme", true).stream()
              .filter(HistorySyncTest::isBurst)
              .toList();
      assertThat(burst).as("the burst is one candidate").hasSize(1);
      assertThat(burst.getFirst().memberTicketIds())
          .as("holding the whole burst and nothing of the history")
          .allMatch(id -> id.startsWith("B-"))
          .hasSize(BURST.length);
    }
  }

  @Test
  void live_tickets_enter_the_window_unless_resolved_or_older_than_it_and_history_never_does() {
    Duration window = IncidentSettings.DEFAULTS.expiry();
    Ticket fresh = ticket("1", "Outlook not loading", "a", START.minusSeconds(60));
    Ticket undated = ticket("2", "Outlook not loading", "b", null);
    Ticket old = ticket("3", "Outlook not loading", "c", START.minus(window).minusSeconds(1));
    Ticket resolved =
        new Ticket(
            "4",
            "Outlook not loading",
            null,
            null,
            null,
            null,
            null,
            null,
            "d",
            null,
            START,
            START.plusSeconds(60),
            "fixed");
    List<Ticket> batch = List.of(fresh, undated, old, resolved);

    assertThat(TicketSource.LIVE.arrivals(batch, START, window)).containsExactly(0, 1);
    assertThat(TicketSource.AUTO.arrivals(batch, START, window)).containsExactly(0, 1);
    assertThat(TicketSource.HISTORY.arrivals(batch, START, window)).isEmpty();
    List<Ticket> sync = new ArrayList<>();
    for (int i = 0; i <= TicketSource.MAX_LIVE_BATCH; i++) {
      sync.add(ticket("s" + i, "Outlook not loading", "r" + i, null));
    }
    assertThat(TicketSource.AUTO.arrivals(sync, START, window))
        .as("a batch too large to be live")
        .isEmpty();
    assertThat(TicketSource.LIVE.arrivals(sync, START, window)).hasSize(sync.size());
  }

  private static boolean isBurst(Incident incident) {
    return incident.memberTicketIds().stream().anyMatch(id -> id.startsWith("B-"));
  }

  private static Ticket ticket(String id, String subject, String requester, Instant createdAt) {
    return new Ticket(
        id, subject, null, null, null, null, null, null, requester, null, createdAt, null, null);
  }
}
