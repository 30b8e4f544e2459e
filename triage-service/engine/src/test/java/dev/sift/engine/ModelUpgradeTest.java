package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.index.Hit;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change of the configured embedding model, with two real bundled models: a tenant keeps being
 * embedded and searched with the model of its stored vectors until it is re-embedded, so no search
 * mixes two models.
 */
class ModelUpgradeTest {

  private static Embedder oldModel;
  private static Embedder newModel;

  @TempDir Path dir;

  @BeforeAll
  static void models() {
    oldModel = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
    newModel = Embedder.bundled(BundledModel.BGE_SMALL_EN_V15_Q);
  }

  @AfterAll
  static void close() {
    oldModel.close();
    newModel.close();
  }

  private static Ticket ticket(String id, String subject) {
    return new Ticket(
        id, subject, null, "Network", null, null, null, null, null, null, null, null, null);
  }

  @Test
  void a_tenant_stays_on_its_model_until_reembedded_then_moves_whole() {
    try (LuceneVectorIndex index = LuceneVectorIndex.builder(dir, oldModel.dimension()).build()) {
      TicketStore before = new TicketStore(oldModel, index);
      before.upsert(
          "acme",
          List.of(ticket("1", "VPN drops every hour"), ticket("2", "Printer jams on floor 3")));

      TicketStore after =
          new TicketStore(newModel, index, id -> id.equals(oldModel.modelId()) ? oldModel : null);

      assertThat(after.modelOf("acme")).isEqualTo(oldModel.modelId());
      assertThat(after.embedderFor("acme")).isSameAs(oldModel);
      after.upsert("acme", List.of(ticket("3", "VPN keeps disconnecting")));
      assertThat(index.get("acme", "3").orElseThrow().payload().attribute("_model"))
          .isEqualTo(oldModel.modelId());
      after.upsert("globex", List.of(ticket("g", "New tenant ticket")));
      assertThat(after.modelOf("globex")).isEqualTo(newModel.modelId());

      AtomicLong progress = new AtomicLong();
      long reembedded = after.reembed("acme", "job1", progress::set, () -> false);

      assertThat(reembedded).isEqualTo(3);
      assertThat(progress.get()).isEqualTo(3);
      assertThat(after.modelOf("acme")).isEqualTo(newModel.modelId());
      index.forEach(
          "acme", e -> assertThat(e.payload().attribute("_model")).isEqualTo(newModel.modelId()));
      List<Hit> hits = index.search("acme", newModel.embed("VPN disconnects"), 1);
      assertThat(hits).extracting(Hit::id).containsAnyOf("1", "3");
    }
  }

  @Test
  void a_tenant_on_a_model_that_cannot_be_loaded_is_reported_not_searched_with_the_wrong_one() {
    try (LuceneVectorIndex index = LuceneVectorIndex.builder(dir, oldModel.dimension()).build()) {
      new TicketStore(oldModel, index).upsert("acme", List.of(ticket("1", "VPN drops")));

      TicketStore after = new TicketStore(newModel, index);

      assertThatThrownBy(() -> after.embedderFor("acme"))
          .isInstanceOf(ModelUnavailableException.class)
          .hasMessageContaining(oldModel.modelId());
    }
  }

  @Test
  void a_cancelled_reembed_leaves_the_tenant_on_its_old_vectors() {
    try (LuceneVectorIndex index = LuceneVectorIndex.builder(dir, oldModel.dimension()).build()) {
      new TicketStore(oldModel, index).upsert("acme", List.of(ticket("1", "VPN drops")));
      TicketStore after = new TicketStore(newModel, index, id -> oldModel);

      assertThatThrownBy(() -> after.reembed("acme", "job2", n -> {}, () -> true))
          .isInstanceOf(java.util.concurrent.CancellationException.class);

      assertThat(after.modelOf("acme")).isEqualTo(oldModel.modelId());
      assertThat(index.tenants()).containsExactly("acme");
    }
  }
}
