package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.engine.AnswerMethod;
import dev.sift.engine.Engine;
import dev.sift.engine.TicketStore;
import dev.sift.engine.TriageRequest;
import dev.sift.engine.TriageResult;
import dev.sift.index.lucene.LuceneVectorIndex;
import dev.sift.testing.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold start's honesty on the real bundled model and real Lucene: a bare taxonomy abstains at low
 * confidence, a tiny tenant stays under the cap, examples beat descriptions, live feedback opens a
 * field it confirms, and one tenant's large taxonomy does not hold up another tenant. The fixture
 * {@code coldstart/opaque-desk.csv} is a desk whose group names and descriptions say little, with
 * three example subjects per group and four test tickets each.
 */
class HonestColdStartTest {

  private static final String FIELD = "assignmentGroup";
  private static final Map<String, String> DESCRIPTIONS =
      Map.of(
          "Apollo",
          "first line",
          "Hermes",
          "field services",
          "Zeus",
          "platform team",
          "Athena",
          "business apps");

  @TempDir static Path dir;
  static Embedder embedder;
  static LuceneVectorIndex index;
  static ManualClock clock = new ManualClock(Instant.parse("2026-01-05T08:00:00Z"));
  static Engine engine;
  static Map<String, List<String>> examples = new LinkedHashMap<>();
  static List<String[]> tests = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    embedder = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
    index = LuceneVectorIndex.builder(dir.resolve("index"), embedder.dimension()).build();
    engine =
        Engine.builder(new TicketStore(embedder, index), dir.resolve("models"))
            .clock(clock)
            .coldStart(dir.resolve("cold-start"), ColdStart.Settings.DEFAULTS, null)
            .build();
    try (InputStream in =
        HonestColdStartTest.class.getResourceAsStream("/coldstart/opaque-desk.csv")) {
      List<String> lines =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
      for (String line : lines) {
        String[] c = line.split(",", 3);
        if (c[1].equals("example")) {
          examples.computeIfAbsent(c[0], k -> new ArrayList<>()).add(c[2]);
        } else {
          tests.add(new String[] {c[0], c[2]});
        }
      }
    }
  }

  @AfterAll
  static void stop() {
    engine.close();
    index.close();
    embedder.close();
  }

  private static Taxonomy taxonomy(boolean withExamples, Map<String, Double> priors) {
    List<Taxonomy.Entry> entries = new ArrayList<>();
    examples.forEach(
        (group, subjects) ->
            entries.add(
                new Taxonomy.Entry(
                    group,
                    DESCRIPTIONS.get(group),
                    withExamples ? subjects : List.of(),
                    priors == null ? null : priors.get(group))));
    return Taxonomy.validated(Map.of(FIELD, entries));
  }

  private static void put(String tenant, Taxonomy taxonomy) {
    engine.taxonomies().put(tenant, taxonomy);
    engine.taxonomies().prepare(tenant).join();
  }

  private static TriageResult.Suggestion triage(String tenant, String id, String subject) {
    return engine
        .triage()
        .triage(tenant, new TriageRequest(id, subject, null, null, null, null))
        .suggestions()
        .get(FIELD);
  }

  private static double accuracy(String tenant) {
    return tests.stream().filter(t -> t[0].equals(triage(tenant, null, t[1]).bestGuess())).count()
        / (double) tests.size();
  }

  @Test
  void a_bare_taxonomy_always_abstains_and_never_claims_more_than_one_half() {
    put("bare", taxonomy(true, null));

    for (String[] t : tests) {
      TriageResult.Suggestion s = triage("bare", null, t[1]);
      assertThat(s.abstained()).as(t[1]).isTrue();
      assertThat(s.value()).isNull();
      assertThat(s.confidence()).as(t[1]).isLessThanOrEqualTo(0.5);
      assertThat(s.method()).isEqualTo(AnswerMethod.ZERO_SHOT);
    }
  }

  @Test
  void the_examples_centroids_beat_the_descriptions_alone() {
    put("descriptions-only", taxonomy(false, null));
    put("with-examples", taxonomy(true, null));

    double descriptions = accuracy("descriptions-only");
    double prototypes = accuracy("with-examples");

    assertThat(prototypes)
        .as("descriptions alone: %.3f", descriptions)
        .isGreaterThan(descriptions + 0.2);
  }

  @Test
  void where_the_text_says_nothing_the_label_prior_decides() {
    put(
        "priors",
        taxonomy(true, Map.of("Apollo", 0.05, "Hermes", 0.85, "Zeus", 0.05, "Athena", 0.05)));
    put("no-priors", taxonomy(true, null));
    List<String> vague = List.of("hello", "please help", "urgent", "question", "see attached");

    long withPriors =
        vague.stream().filter(v -> triage("priors", null, v).bestGuess().equals("Hermes")).count();
    long without =
        vague.stream()
            .filter(v -> triage("no-priors", null, v).bestGuess().equals("Hermes"))
            .count();

    assertThat(withPriors)
        .as("without priors %d", without)
        .isGreaterThanOrEqualTo(2)
        .isGreaterThan(without);
    // The prior does not overrule clear text.
    assertThat(triage("priors", null, "VPN disconnects every few minutes").bestGuess())
        .isEqualTo("Zeus");
  }

  @Test
  void a_tenant_with_three_tickets_abstains_and_stays_at_or_under_0_8() {
    engine
        .tickets()
        .upsert(
            "three",
            List.of(
                ticket("T-1", "Password reset for my account", "Apollo"),
                ticket("T-2", "Laptop screen is cracked", "Hermes"),
                ticket("T-3", "VPN disconnects every few minutes", "Zeus")));
    engine.taxonomies().prepare("three").join();

    for (String subject :
        List.of(
            "Password reset for my account",
            "VPN disconnects every few minutes",
            "laptop screen cracked")) {
      TriageResult.Suggestion s = triage("three", null, subject);
      assertThat(s.abstained()).as(subject).isTrue();
      assertThat(s.confidence()).as(subject).isLessThanOrEqualTo(0.8);
    }
  }

  @Test
  void live_feedback_that_confirms_the_guesses_opens_the_field() {
    put("live", taxonomy(true, null));
    TriageResult.Suggestion before = triage("live", null, "VPN disconnects every few minutes");
    assertThat(before.abstained()).isTrue();

    // Three rounds of the test tickets, each closed by the desk with its true group.
    int id = 0;
    for (int round = 0; round < 3; round++) {
      for (String[] t : tests) {
        String ticketId = "L-" + id++;
        triage("live", ticketId, t[1]);
        engine.accuracy().score("live", List.of(ticket(ticketId, t[1], t[0])));
      }
    }
    clock.advance(Duration.ofMinutes(2)); // past the cache of live figures
    engine.taxonomies().prepare("live").join();

    TriageResult.Suggestion after = triage("live", null, "VPN disconnects every few minutes");
    assertThat(after.abstained()).as("confidence %.3f", after.confidence()).isFalse();
    assertThat(after.value()).isEqualTo("Zeus");
    assertThat(after.confidence()).isGreaterThan(before.confidence());
  }

  @Test
  void one_tenants_large_taxonomy_does_not_stall_another_tenants_triage() {
    List<Taxonomy.Entry> entries = new ArrayList<>();
    // The largest taxonomy allowed: 500 entries with 9 examples each are 5,000 texts.
    for (int i = 0; i < Taxonomy.MAX_ENTRIES; i++) {
      List<String> subjects = new ArrayList<>();
      for (int x = 0; x < Taxonomy.MAX_TEXTS / Taxonomy.MAX_ENTRIES - 1; x++) {
        subjects.add("request " + x + " of kind " + i + ": printer, VPN or laptop");
      }
      entries.add(new Taxonomy.Entry("Group " + i, "handles requests of kind " + i, subjects));
    }
    engine.taxonomies().put("large", Taxonomy.validated(Map.of(FIELD, entries)));
    engine.taxonomies().put("small", taxonomy(true, null));

    long start = System.nanoTime();
    TriageResult large = engine.triage().triage("large", TriageRequest.of("printer down", null));
    Duration largeTook = Duration.ofNanos(System.nanoTime() - start);
    engine.taxonomies().prepare("small").join();
    boolean largeStillBuilding = engine.taxonomies().building("large");
    start = System.nanoTime();
    TriageResult small =
        engine
            .triage()
            .triage("small", TriageRequest.of("VPN disconnects every few minutes", null));
    Duration smallTook = Duration.ofNanos(System.nanoTime() - start);

    // The large tenant is answered at once, abstaining, while its cold fit is built in the
    // background...
    assertThat(largeTook).isLessThan(Duration.ofSeconds(2));
    assertThat(large.degraded()).isEqualTo(ColdStart.COLD_START_BUILDING);
    assertThat(large.suggestions().get(FIELD).abstained()).isTrue();
    // ...and the small tenant's cold fit was built and used meanwhile.
    assertThat(largeStillBuilding).isTrue();
    assertThat(small.degraded()).isNull();
    assertThat(small.suggestions().get(FIELD).bestGuess()).isEqualTo("Zeus");
    assertThat(smallTook).isLessThan(Duration.ofSeconds(2));
  }

  private static Ticket ticket(String id, String subject, String group) {
    return new Ticket(
        id, subject, null, null, null, null, group, null, null, null, null, null, null);
  }
}
