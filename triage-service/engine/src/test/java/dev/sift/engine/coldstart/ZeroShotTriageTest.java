package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.engine.AnswerMethod;
import dev.sift.engine.Engine;
import dev.sift.engine.TicketStore;
import dev.sift.engine.TriageRequest;
import dev.sift.engine.TriageResult;
import dev.sift.engine.UnknownTenantException;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-shot triage with no LLM configured, on the real bundled embedding model and a real Lucene
 * index.
 */
class ZeroShotTriageTest {

  private static final Taxonomy TAXONOMY =
      Taxonomy.validated(
          Map.of(
              "category",
              List.of(
                  new Taxonomy.Entry("Network", "VPN, wifi and connectivity"),
                  new Taxonomy.Entry(
                      "Hardware", "laptops, printers, docking stations and monitors"),
                  new Taxonomy.Entry(
                      "Access",
                      "passwords, accounts, permissions and locked-out users",
                      List.of(
                          "Locked out after password change",
                          "Need access to the finance share")))));

  @TempDir static Path dir;
  static Embedder embedder;
  static LuceneVectorIndex index;
  static Engine engine;

  @BeforeAll
  static void start() {
    embedder = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
    index = LuceneVectorIndex.builder(dir.resolve("index"), embedder.dimension()).build();
    engine =
        Engine.builder(new TicketStore(embedder, index), dir.resolve("models"))
            .coldStart(dir.resolve("cold-start"), ColdStart.Settings.DEFAULTS, null)
            .build();
    engine.taxonomies().put("acme", TAXONOMY);
    engine.taxonomies().prepare("acme").join();
  }

  @AfterAll
  static void stop() {
    engine.close();
    index.close();
    embedder.close();
  }

  private static TriageResult.Suggestion category(String tenant, String subject) {
    TriageResult r = engine.triage().triage(tenant, TriageRequest.of(subject, null));
    return r.suggestions().get("category");
  }

  @Test
  void a_tenant_with_only_a_taxonomy_is_triaged_from_its_first_ticket() {
    assertThat(category("acme", "Wifi keeps dropping in meeting room B").bestGuess())
        .isEqualTo("Network");
    assertThat(category("acme", "Printer on floor 3 prints blank pages").bestGuess())
        .isEqualTo("Hardware");
    assertThat(category("acme", "My account is locked, I cannot sign in").bestGuess())
        .isEqualTo("Access");
    TriageResult r = engine.triage().triage("acme", TriageRequest.of("VPN does not connect", null));
    assertThat(r.method()).isEqualTo(AnswerMethod.ZERO_SHOT);
    assertThat(r.suggestions().get("category").method()).isEqualTo(AnswerMethod.ZERO_SHOT);
    assertThat(r.modelVersion()).startsWith("zero-shot/");
    assertThat(r.degraded()).isNull();
  }

  @Test
  void
      a_vague_ticket_gets_no_more_confidence_than_a_clear_one_and_a_bare_taxonomy_no_more_than_one_half() {
    TriageResult.Suggestion clear =
        category("acme", "VPN client cannot connect to the corporate network");
    TriageResult.Suggestion vague = category("acme", "help please");

    assertThat(vague.confidence()).isLessThanOrEqualTo(clear.confidence()).isLessThanOrEqualTo(0.5);
    assertThat(clear.confidence()).isLessThanOrEqualTo(0.5);
    assertThat(clear.abstained()).isTrue();
    assertThat(clear.bestGuess()).isEqualTo("Network");
  }

  @Test
  void a_tenant_with_neither_history_nor_taxonomy_is_unknown() {
    assertThatThrownBy(() -> engine.triage().triage("nobody", TriageRequest.of("VPN down", null)))
        .isInstanceOf(UnknownTenantException.class);
  }

  @Test
  void fields_the_taxonomy_lacks_stay_with_neighbours_and_the_result_says_mixed() {
    engine.taxonomies().put("mixed-co", TAXONOMY);
    engine
        .tickets()
        .upsert(
            "mixed-co",
            List.of(
                new Ticket(
                    "M-1",
                    "Wifi drops",
                    null,
                    "Network",
                    null,
                    "P3",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null),
                new Ticket(
                    "M-2",
                    "Printer jams",
                    null,
                    "Hardware",
                    null,
                    "P3",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null)));
    engine.taxonomies().prepare("mixed-co").join();

    TriageResult r = engine.triage().triage("mixed-co", TriageRequest.of("Wifi drops again", null));

    assertThat(r.suggestions().get("category").method()).isEqualTo(AnswerMethod.ZERO_SHOT);
    assertThat(r.suggestions().get("priority").method()).isEqualTo(AnswerMethod.NEIGHBOURS);
    assertThat(r.method()).isEqualTo(AnswerMethod.MIXED);
    assertThat(engine.triage().methods("mixed-co"))
        .containsEntry("category", AnswerMethod.ZERO_SHOT)
        .containsEntry("priority", AnswerMethod.NEIGHBOURS);
  }

  @Test
  void a_field_below_the_minimum_history_stays_with_cold_start_even_with_labels() {
    engine
        .tickets()
        .upsert(
            "young-co",
            List.of(
                new Ticket(
                    "Y-1",
                    "Wifi drops",
                    null,
                    "Network",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null),
                new Ticket(
                    "Y-2",
                    "Printer jams",
                    null,
                    "Hardware",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null)));
    engine.taxonomies().prepare("young-co").join();

    TriageResult r = engine.triage().triage("young-co", TriageRequest.of("Wifi drops again", null));

    // No explicit taxonomy: one is derived from the history's labels, and two tickets are far below
    // 200.
    assertThat(r.suggestions().get("category").method()).isEqualTo(AnswerMethod.ZERO_SHOT);
    assertThat(engine.taxonomies().get("young-co").orElseThrow().fields().get("category"))
        .extracting(Taxonomy.Entry::name)
        .containsExactlyInAnyOrder("Network", "Hardware");
  }
}
