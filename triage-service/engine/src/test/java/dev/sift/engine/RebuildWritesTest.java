package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.index.TenantNames;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live writes and erasures that arrive while a tenant is rebuilt are not lost, nor undone, by the
 * swap.
 */
class RebuildWritesTest {

  private static Embedder embedder;

  @TempDir Path dir;

  @BeforeAll
  static void model() {
    embedder = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  private static Ticket ticket(String id, String subject) {
    return Ticket.builder(id).subject(subject).category("Network").build();
  }

  @Test
  void
      tickets_upserted_and_deleted_during_a_rebuild_are_in_the_rebuilt_index_as_they_were_written() {
    try (LuceneVectorIndex index = LuceneVectorIndex.builder(dir, embedder.dimension()).build()) {
      TicketStore store = new TicketStore(embedder, index);
      store.upsert("acme", List.of(ticket("A", "VPN drops"), ticket("B", "Printer jams")));

      store.rebuild(
          "acme",
          "job1",
          staging -> {
            // The new export, as a replace import writes it.
            store.upsert(
                staging,
                List.of(
                    ticket("A", "VPN drops at home"),
                    ticket("B", "Printer jams"),
                    ticket("C", "Outlook asks for a password")));
            // Meanwhile the ITSM platform goes on writing to the live tenant.
            store.upsert(
                "acme",
                List.of(
                    ticket("NEW", "Laptop battery swollen"), ticket("C", "Outlook fixed itself")));
            assertThat(store.delete("acme", "B")).isTrue();
            return null;
          });

      assertThat(store.get("acme", "A"))
          .get()
          .extracting(Ticket::subject)
          .isEqualTo("VPN drops at home");
      assertThat(store.get("acme", "NEW")).as("created during the rebuild").isPresent();
      assertThat(store.get("acme", "C"))
          .get()
          .extracting(Ticket::subject)
          .as("the live correction wins over the export")
          .isEqualTo("Outlook fixed itself");
      assertThat(store.get("acme", "B")).as("erased during the rebuild").isEmpty();
      assertThat(store.count("acme")).isEqualTo(3);

      // After the swap, writes go to the rebuilt index as usual.
      store.upsert("acme", List.of(ticket("D", "Teams call echoes")));
      assertThat(store.count("acme")).isEqualTo(4);
    }
  }

  @Test
  void
      a_tenant_deleted_while_it_is_rebuilt_stays_deleted_and_the_rebuild_stops_at_its_next_write() {
    try (LuceneVectorIndex index = LuceneVectorIndex.builder(dir, embedder.dimension()).build()) {
      TicketStore store = new TicketStore(embedder, index);
      store.upsert("acme", List.of(ticket("A", "VPN drops"), ticket("B", "Printer jams")));
      String staging = TenantNames.staging("acme", "job1");

      assertThatThrownBy(
              () ->
                  store.rebuild(
                      "acme",
                      "job1",
                      s -> {
                        store.upsert(s, List.of(ticket("A", "VPN drops at home")));
                        store.deleteTenant("acme"); // an erasure request arrives mid-rebuild
                        store.upsert(s, List.of(ticket("B", "Printer jams")));
                        return null;
                      }))
          .isInstanceOf(TenantErasedException.class);

      assertThat(store.exists("acme")).isFalse();
      assertThat(index.tenants()).doesNotContain("acme");
      assertThat(index.hasTenant(staging)).as("the staging copy is dropped").isFalse();
    }
  }

  @Test
  void a_tenant_deleted_just_before_the_swap_is_not_brought_back_by_it() {
    try (LuceneVectorIndex index = LuceneVectorIndex.builder(dir, embedder.dimension()).build()) {
      TicketStore store = new TicketStore(embedder, index);
      store.upsert("acme", List.of(ticket("A", "VPN drops"), ticket("B", "Printer jams")));

      assertThatThrownBy(
              () ->
                  store.reembed(
                      "acme",
                      "job2",
                      n -> {},
                      () -> {
                        // Polled between batches and once more just before the swap: the last poll
                        // is where the delete lands.
                        store.deleteTenant("acme");
                        return false;
                      }))
          .isInstanceOf(TenantErasedException.class);

      assertThat(store.exists("acme")).isFalse();
      assertThat(store.get("acme", "A")).isEmpty();
      // Deleted before its re-embed starts: nothing to re-embed, and nothing is created.
      assertThatThrownBy(() -> store.reembed("acme", "job3", n -> {}, () -> false))
          .isInstanceOf(TenantErasedException.class);
      assertThat(index.tenants()).doesNotContain("acme");
      // Upserts after an erasure start the tenant afresh, as they would without a rebuild.
      store.upsert("acme", List.of(ticket("C", "Teams call echoes")));
      assertThat(store.count("acme")).isEqualTo(1);
    }
  }

  @Test
  void a_long_import_started_before_a_tenant_delete_writes_nothing_after_it() {
    try (LuceneVectorIndex index = LuceneVectorIndex.builder(dir, embedder.dimension()).build()) {
      TicketStore store = new TicketStore(embedder, index);
      long seen = store.erasures("acme");
      store.upsertUnlessErased("acme", List.of(ticket("A", "VPN drops")), seen);
      assertThat(store.count("acme")).isEqualTo(1);

      store.deleteTenant("acme");

      assertThatThrownBy(
              () -> store.upsertUnlessErased("acme", List.of(ticket("B", "Printer jams")), seen))
          .isInstanceOf(TenantErasedException.class);
      assertThat(store.exists("acme")).as("the erased tenant does not come back").isFalse();
      // An import queued after the delete writes as usual: the tenant may be created anew.
      store.upsertUnlessErased(
          "acme", List.of(ticket("C", "Teams call echoes")), store.erasures("acme"));
      assertThat(store.count("acme")).isEqualTo(1);
    }
  }
}
