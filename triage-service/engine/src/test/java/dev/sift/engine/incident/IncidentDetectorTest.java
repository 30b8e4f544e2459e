package dev.sift.engine.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.engine.TicketStore;
import dev.sift.engine.state.FileStateStore;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detector on real embeddings, against a history with a routine Monday-morning topic. */
class IncidentDetectorTest {

  /** A Monday, 08:00 UTC, four weeks after the history starts. */
  private static final Instant MONDAY = Instant.parse("2026-06-01T08:00:00Z");

  private static final Instant HISTORY_START = MONDAY.minus(Duration.ofDays(28));
  private static final String[] OUTAGE = {
    "Outlook not loading",
    "outlook is not loading at all",
    "Outlook won't load this morning",
    "Outlook not loading, stuck on loading profile",
    "outlook does not load"
  };

  /** Cosine to the topic of the tickets that turn a cluster's centroid, above the join's 0.72. */
  private static final double TURNED_COSINE = 0.75;

  @TempDir static Path dir;
  private static Embedder embedder;
  private static LuceneVectorIndex index;

  @BeforeAll
  static void history() {
    embedder = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
    index = LuceneVectorIndex.builder(dir, embedder.dimension()).build();
    TicketStore store = new TicketStore(embedder, index);
    List<Ticket> history = new ArrayList<>();
    // Password resets: ten every Monday between 08:00 and 09:00, for four weeks.
    for (int week = 0; week < 4; week++) {
      for (int i = 0; i < 10; i++) {
        Instant at =
            HISTORY_START.plus(Duration.ofDays(7L * week)).plus(Duration.ofMinutes(6L * i));
        history.add(
            ticket(
                "pw-" + week + "-" + i,
                i % 2 == 0 ? "Password reset please" : "please reset my password",
                at));
      }
    }
    // Everything else: a ticket every few hours about other things, Outlook among them only once.
    String[] other = {
      "Printer on floor 2 jams",
      "VPN disconnects at home",
      "New laptop request",
      "SAP login error",
      "Monitor flickers",
      "Outlook signature missing"
    };
    for (int i = 0; i < 120; i++) {
      history.add(
          ticket(
              "o-" + i, other[i % other.length], HISTORY_START.plus(Duration.ofHours(5L * i + 1))));
    }
    store.upsert("acme", history);
  }

  @AfterAll
  static void close() {
    index.close();
    embedder.close();
  }

  private IncidentDetector detector() {
    return new IncidentDetector(
        index,
        IncidentSettings.DEFAULTS,
        tenant ->
            tenant.equals("acme")
                ? new Instant[] {HISTORY_START, MONDAY.minus(Duration.ofHours(1))}
                : null);
  }

  @Test
  void a_burst_from_five_requesters_in_ten_minutes_is_flagged_by_the_fifth_ticket() {
    IncidentDetector detector = detector();
    List<Incident> raised = new ArrayList<>();
    detector.onCandidate((tenant, incident) -> raised.add(incident));
    int flaggedAt = -1;
    for (int i = 0; i < OUTAGE.length; i++) {
      ClusterView v =
          detector.observe(
              "acme",
              arrival(
                  "t" + i,
                  OUTAGE[i],
                  "user" + i,
                  "site" + (i % 2),
                  MONDAY.plus(Duration.ofMinutes(2L * i))),
              embed(OUTAGE[i]));
      if (v.majorIncidentCandidate() && flaggedAt < 0) {
        flaggedAt = i + 1;
      }
    }
    assertThat(flaggedAt).isBetween(3, 5);
    assertThat(raised).hasSize(1);
    Incident incident = raised.getFirst();
    assertThat(incident.distinctRequesters()).isGreaterThanOrEqualTo(3);
    assertThat(incident.score()).isLessThan(IncidentSettings.DEFAULTS.maxTailProbability());
    assertThat(incident.reason()).contains("tickets from").contains("usual rate");
    assertThat(incident.topTerms()).contains("outlook");
    List<Incident> open = detector.incidents("acme", true);
    assertThat(open).singleElement().satisfies(i -> assertThat(i.size()).isEqualTo(OUTAGE.length));
    assertThat(open.getFirst().memberTicketIds()).containsExactly("t0", "t1", "t2", "t3", "t4");
  }

  @Test
  void the_same_tickets_from_one_requester_are_not_flagged() {
    IncidentDetector detector = detector();
    for (int i = 0; i < OUTAGE.length; i++) {
      ClusterView v =
          detector.observe(
              "acme",
              arrival(
                  "s" + i, OUTAGE[i], "same.user", "site", MONDAY.plus(Duration.ofMinutes(2L * i))),
              embed(OUTAGE[i]));
      assertThat(v.majorIncidentCandidate()).isFalse();
      assertThat(v.size()).isEqualTo(i + 1);
    }
  }

  @Test
  void password_resets_at_their_usual_monday_rate_are_not_flagged() {
    IncidentDetector detector = detector();
    for (int i = 0; i < 8; i++) {
      String subject = i % 2 == 0 ? "Password reset please" : "please reset my password";
      ClusterView v =
          detector.observe(
              "acme",
              arrival("p" + i, subject, "user" + i, null, MONDAY.plus(Duration.ofMinutes(5L * i))),
              embed(subject));
      assertThat(v.majorIncidentCandidate()).as("reset %d", i).isFalse();
    }
    assertThat(detector.incidents("acme", false)).isEmpty();
  }

  @Test
  void tenants_never_share_a_cluster() {
    IncidentDetector detector = detector();
    ClusterView a =
        detector.observe("acme", arrival("x1", OUTAGE[0], "u1", null, MONDAY), embed(OUTAGE[0]));
    ClusterView b =
        detector.observe("globex", arrival("x2", OUTAGE[0], "u2", null, MONDAY), embed(OUTAGE[0]));
    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(b.size()).isEqualTo(1);
    for (int i = 1; i < OUTAGE.length; i++) {
      detector.observe(
          "globex",
          arrival("g" + i, OUTAGE[i], "g-user" + i, null, MONDAY.plus(Duration.ofMinutes(i))),
          embed(OUTAGE[i]));
    }
    assertThat(detector.incidents("acme", false)).isEmpty();
    assertThat(detector.incidents("globex", false))
        .singleElement()
        .satisfies(i -> assertThat(i.memberTicketIds()).doesNotContain("x1"));
  }

  @Test
  void a_cluster_expires_an_hour_after_its_last_ticket() {
    IncidentDetector detector = detector();
    ClusterView first =
        detector.observe("acme", arrival("e1", OUTAGE[0], "u1", null, MONDAY), embed(OUTAGE[0]));
    ClusterView soon =
        detector.observe(
            "acme",
            arrival("e2", OUTAGE[1], "u2", null, MONDAY.plus(Duration.ofMinutes(59))),
            embed(OUTAGE[1]));
    assertThat(soon.id()).isEqualTo(first.id());
    ClusterView late =
        detector.observe(
            "acme",
            arrival("e3", OUTAGE[2], "u3", null, MONDAY.plus(Duration.ofMinutes(59 + 61))),
            embed(OUTAGE[2]));
    assertThat(late.id()).isNotEqualTo(first.id());
    assertThat(late.size()).isEqualTo(1);
  }

  @Test
  void clusters_and_candidates_survive_a_restart(@TempDir Path state) {
    IncidentDetector before =
        new IncidentDetector(
            index, IncidentSettings.DEFAULTS, tenant -> null, new FileStateStore(state));
    for (int i = 0; i < 4; i++) {
      before.observe(
          "acme",
          arrival("r" + i, OUTAGE[i], "user" + i, null, MONDAY.plus(Duration.ofMinutes(i))),
          embed(OUTAGE[i]));
    }
    List<Incident> raised = before.incidents("acme", false);
    assertThat(raised).hasSize(1);
    before.resolve("acme", raised.getFirst().id(), IncidentState.CONFIRMED);
    before.close();

    IncidentDetector after =
        new IncidentDetector(
            index, IncidentSettings.DEFAULTS, tenant -> null, new FileStateStore(state));
    List<Incident> restored = after.incidents("acme", false);
    assertThat(restored)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.id()).isEqualTo(raised.getFirst().id());
              assertThat(i.state()).isEqualTo("confirmed");
              assertThat(i.memberTicketIds()).containsExactly("r0", "r1", "r2", "r3");
              assertThat(i.representativeSubject())
                  .isEqualTo(raised.getFirst().representativeSubject());
            });
    ClusterView next =
        after.observe(
            "acme",
            arrival("r4", OUTAGE[4], "user4", null, MONDAY.plus(Duration.ofMinutes(6))),
            embed(OUTAGE[4]));
    assertThat(next.id()).isEqualTo(raised.getFirst().id());
    assertThat(next.size()).isEqualTo(5);
  }

  @Test
  void a_forgotten_ticket_leaves_its_candidate_and_the_stored_window(@TempDir Path state)
      throws Exception {
    IncidentDetector detector =
        new IncidentDetector(
            index, IncidentSettings.DEFAULTS, tenant -> null, new FileStateStore(state));
    // The subject must stay close enough to join; the requester and client carry the personal data.
    detector.observe(
        "acme",
        arrival("f0", OUTAGE[0], "zebedee.quillfeather", "quill-site", MONDAY),
        embed(OUTAGE[0]));
    for (int i = 1; i < 5; i++) {
      detector.observe(
          "acme",
          arrival("f" + i, OUTAGE[i], "user" + i, null, MONDAY.plus(Duration.ofMinutes(i))),
          embed(OUTAGE[i]));
    }
    detector.flush();
    assertThat(Files.readString(state.resolve("acme.json")))
        .contains("zebedee.quillfeather", "quill-site");
    Incident before = detector.incidents("acme", false).getFirst();
    assertThat(before.memberTicketIds()).contains("f0");

    assertThat(detector.forget("acme", "f0")).isTrue();
    detector.flush();

    Incident after = detector.incidents("acme", false).getFirst();
    assertThat(after.id()).isEqualTo(before.id());
    assertThat(after.memberTicketIds()).containsExactly("f1", "f2", "f3", "f4");
    assertThat(after.size()).isEqualTo(4);
    assertThat(after.distinctRequesters()).isEqualTo(4);
    assertThat(after.clients()).isEmpty();
    assertThat(after.toString()).doesNotContainIgnoringCase("zebedee").doesNotContain("quill");
    try (var files = Files.list(state)) {
      for (Path f : files.toList()) {
        assertThat(Files.readString(f))
            .doesNotContainIgnoringCase("zebedee")
            .doesNotContain("quill");
      }
    }
    assertThat(detector.forget("acme", "f0")).isFalse();
    detector.close();
  }

  @Test
  void a_forgotten_member_no_longer_counts_and_a_cluster_left_empty_is_dropped(@TempDir Path state)
      throws Exception {
    IncidentDetector detector =
        new IncidentDetector(
            index, IncidentSettings.DEFAULTS, tenant -> null, new FileStateStore(state));
    detector.observe("acme", arrival("g1", OUTAGE[0], "u1", null, MONDAY), embed(OUTAGE[0]));
    ClusterView two =
        detector.observe(
            "acme",
            arrival("g2", OUTAGE[1], "u2", null, MONDAY.plus(Duration.ofMinutes(1))),
            embed(OUTAGE[1]));

    assertThat(detector.forget("acme", "g1")).isTrue();
    ClusterView next =
        detector.observe(
            "acme",
            arrival("g3", OUTAGE[2], "u3", null, MONDAY.plus(Duration.ofMinutes(2))),
            embed(OUTAGE[2]));
    assertThat(next.id()).isEqualTo(two.id());
    assertThat(next.size()).isEqualTo(2);

    assertThat(detector.forget("acme", "g2")).isTrue();
    assertThat(detector.forget("acme", "g3")).isTrue();
    detector.flush();
    assertThat(Files.readString(state.resolve("acme.json"))).doesNotContain(two.id());
    assertThat(detector.forget("globex", "g3")).isFalse();
    detector.close();
  }

  @Test
  void a_ticket_seen_twice_is_counted_once() {
    IncidentDetector detector = detector();
    detector.observe("acme", arrival("d1", OUTAGE[0], "u1", null, MONDAY), embed(OUTAGE[0]));
    ClusterView again =
        detector.observe(
            "acme",
            arrival("d1", OUTAGE[0], "u1", null, MONDAY.plus(Duration.ofMinutes(1))),
            embed(OUTAGE[0]));
    assertThat(again.size()).isEqualTo(1);
  }

  @Test
  void a_clusters_usual_rate_is_searched_again_only_when_its_topic_or_start_moves() {
    String tenant = "drift";
    Instant historyEnd = MONDAY.minus(Duration.ofHours(1));
    IncidentDetector detector =
        new IncidentDetector(
            index,
            IncidentSettings.DEFAULTS,
            t -> t.equals(tenant) ? new Instant[] {HISTORY_START, historyEnd} : null);
    TicketStore store = new TicketStore(embedder, index);
    store.upsert(tenant, List.of(ticket("h-0", OUTAGE[0], HISTORY_START.plus(Duration.ofDays(3)))));
    float[] topic = embed(OUTAGE[0]);
    List<float[]> members = new ArrayList<>();
    for (int i = 0; i < OUTAGE.length; i++) {
      observe(detector, tenant, "r" + i, topic, MONDAY.plus(Duration.ofMinutes(2L * i)), members);
    }
    double searched = usualRate(detector, tenant);

    // The history now says this topic is common; a cluster whose topic and start stay put keeps
    // the rate it searched for.
    addHistory(store, tenant, "a", 40);
    observe(detector, tenant, "r-same", topic, MONDAY.plus(Duration.ofMinutes(12)), members);
    assertThat(usualRate(detector, tenant)).isEqualTo(searched);

    // Two tickets at cosine 0.75 to the topic, on the same side, turn the centroid by about 10
    // degrees (cosine 0.985): the rate is searched again and sees the history.
    float[] aside = aside(topic, embed("Printer on floor 2 jams"), TURNED_COSINE);
    observe(detector, tenant, "r-aside-1", aside, MONDAY.plus(Duration.ofMinutes(14)), members);
    observe(detector, tenant, "r-aside-2", aside, MONDAY.plus(Duration.ofMinutes(16)), members);
    double turned = usualRate(detector, tenant);
    assertThat(turned).isGreaterThan(searched * 10);

    // More history again; a ticket exactly on the centroid but earlier than the cluster moves only
    // its start, and the rate is searched again.
    addHistory(store, tenant, "b", 40);
    float[] centroid = unit(sum(members));
    observe(detector, tenant, "r-early", centroid, MONDAY.minus(Duration.ofMinutes(3)), members);
    assertThat(usualRate(detector, tenant)).isGreaterThan(turned * 1.5);
  }

  private static void observe(
      IncidentDetector detector,
      String tenant,
      String id,
      float[] vector,
      Instant at,
      List<float[]> members) {
    detector.observe(tenant, arrival(id, OUTAGE[0], "user-" + id, null, at), vector);
    members.add(vector);
  }

  private static void addHistory(TicketStore store, String tenant, String batch, int tickets) {
    List<Ticket> more = new ArrayList<>();
    for (int i = 0; i < tickets; i++) {
      Instant at = HISTORY_START.plus(Duration.ofHours(10L * i + 1));
      more.add(ticket("h-" + batch + "-" + i, OUTAGE[0], at));
    }
    store.upsert(tenant, more);
  }

  /** A unit vector at {@code cosine} to {@code topic}, turned towards {@code towards}. */
  private static float[] aside(float[] topic, float[] towards, double cosine) {
    double along = TenantWindow.dot(towards, topic);
    float[] perpendicular = new float[topic.length];
    for (int i = 0; i < topic.length; i++) {
      perpendicular[i] = (float) (towards[i] - along * topic[i]);
    }
    perpendicular = unit(perpendicular);
    double sine = Math.sqrt(1 - cosine * cosine);
    float[] out = new float[topic.length];
    for (int i = 0; i < topic.length; i++) {
      out[i] = (float) (cosine * topic[i] + sine * perpendicular[i]);
    }
    return out;
  }

  private static float[] sum(List<float[]> vectors) {
    float[] s = new float[vectors.getFirst().length];
    for (float[] v : vectors) {
      for (int i = 0; i < s.length; i++) {
        s[i] += v[i];
      }
    }
    return s;
  }

  private static float[] unit(float[] v) {
    double norm = Math.sqrt(TenantWindow.dot(v, v));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / norm);
    }
    return out;
  }

  private static double usualRate(IncidentDetector detector, String tenant) {
    return detector.incidents(tenant, false).getFirst().usualRatePerHour();
  }

  @Test
  void poisson_tail_matches_known_values() {
    assertThat(Poisson.tail(0, 2.0)).isEqualTo(1.0);
    assertThat(Poisson.tail(1, 2.0))
        .isCloseTo(1 - Math.exp(-2), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Poisson.tail(3, 0.5))
        .isCloseTo(0.0143877, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(Poisson.tail(5, 1e-4)).isGreaterThan(0).isLessThan(1e-20);
  }

  private static float[] embed(String subject) {
    return embedder.embedTicket(subject, null);
  }

  private static TicketArrival arrival(
      String id, String subject, String requester, String client, Instant at) {
    return new TicketArrival(id, subject, requester, client, at);
  }

  private static Ticket ticket(String id, String subject, Instant at) {
    return Ticket.builder(id).subject(subject).createdAt(at).build();
  }
}
