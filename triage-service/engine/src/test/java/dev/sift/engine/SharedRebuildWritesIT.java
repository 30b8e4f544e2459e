package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.engine.state.PgStateStore;
import dev.sift.engine.state.StateStore;
import dev.sift.index.TenantNames;
import dev.sift.index.pgvector.PgVectorIndex;
import dev.sift.index.pgvector.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' ticket stores on one PostgreSQL, one rebuilding a tenant (as a replace import or a
 * re-embed does) while the other takes the tenant's live writes and its erasure: what the other
 * acknowledged survives the swap, and what it erased never comes back.
 */
class SharedRebuildWritesIT {

  private static final Instant CREATED = Instant.parse("2026-11-30T09:15:00Z");
  @AutoClose private static Embedder embedder;
  @AutoClose private static TestDatabase db;
  private static TicketStore a;
  private static TicketStore b;

  @BeforeAll
  static void replicas() {
    embedder = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
    db = TestDatabase.withIndexSchema(embedder.dimension());
    a = replica();
    b = replica();
  }

  private static TicketStore replica() {
    return new TicketStore(
        embedder,
        PgVectorIndex.builder(db.dataSource(), embedder.dimension()).build(),
        model -> null,
        PgStateStore.open(db.dataSource()));
  }

  @Test
  void writes_acknowledged_by_another_replica_during_a_rebuild_survive_its_swap() {
    a.upsert("acme", List.of(ticket("OLD-1", "Printer jammed on floor 2")));

    a.rebuild(
        "acme",
        "job1",
        staging -> {
          a.upsert(
              staging,
              List.of(
                  ticket("FILE-1", "VPN will not connect from home"),
                  ticket("FILE-2", "Outlook keeps asking for my password")));
          // Meanwhile the platform's webhooks reach the other replica.
          b.upsert(
              "acme",
              List.of(
                  Ticket.builder("LIVE-1")
                      .subject("Laptop will not boot after the update")
                      .category("IT")
                      .requester("ana")
                      .createdAt(CREATED)
                      .resolvedAt(CREATED.plusSeconds(3_600))
                      .build()));
          b.delete("acme", "FILE-2");
          return null;
        });

    for (TicketStore replica : List.of(a, b)) {
      // Replayed from the journal whole, times included.
      assertThat(replica.get("acme", "LIVE-1"))
          .hasValueSatisfying(
              t -> {
                assertThat(t.requester()).isEqualTo("ana");
                assertThat(t.createdAt()).isEqualTo(CREATED);
                assertThat(t.resolvedAt()).isEqualTo(CREATED.plusSeconds(3_600));
              });
      assertThat(replica.get("acme", "FILE-1")).isPresent();
      assertThat(replica.get("acme", "FILE-2")).isEmpty();
      // The replace dropped what was there before it started.
      assertThat(replica.get("acme", "OLD-1")).isEmpty();
      assertThat(replica.count("acme")).isEqualTo(2);
    }
    // Writes after the swap are not journaled for a rebuild that is over.
    b.upsert("acme", List.of(ticket("LIVE-2", "Monitor flickers")));
    assertThat(a.count("acme")).isEqualTo(3);
  }

  @Test
  void a_tenant_erased_through_another_replica_during_a_rebuild_stays_erased() {
    a.upsert("globex", List.of(ticket("G-1", "Badge reader at the door is dead")));

    assertThatThrownBy(
            () ->
                a.rebuild(
                    "globex",
                    "job2",
                    staging -> {
                      a.upsert(staging, List.of(ticket("FILE-1", "VPN drops every few minutes")));
                      b.deleteTenant("globex");
                      // The next batch of the rebuild is refused ...
                      a.upsert(staging, List.of(ticket("FILE-2", "Printer out of toner")));
                      return null;
                    }))
        .isInstanceOf(TenantErasedException.class);

    // ... and nothing of it, nor of the tenant before, is served by either replica.
    for (TicketStore replica : List.of(a, b)) {
      assertThat(replica.count("globex")).isZero();
      assertThat(replica.get("globex", "FILE-1")).isEmpty();
      assertThat(replica.get("globex", "G-1")).isEmpty();
    }
  }

  @Test
  void an_erasure_through_another_replica_stops_an_append_import_at_its_next_batch() {
    long seen = a.erasures("initech");
    a.upsertUnlessErased("initech", List.of(ticket("I-1", "Cannot open the shared drive")), seen);

    b.deleteTenant("initech");

    assertThat(a.erasures("initech")).isEqualTo(seen + 1);
    assertThatThrownBy(
            () ->
                a.upsertUnlessErased(
                    "initech", List.of(ticket("I-2", "Wifi slow in building B")), seen))
        .isInstanceOf(TenantErasedException.class);
    assertThat(b.count("initech")).isZero();
  }

  private static Ticket ticket(String id, String subject) {
    return Ticket.builder(id).subject(subject).category("IT").build();
  }

  @Test
  void a_rebuild_whose_replica_died_stops_being_journaled_once_its_job_is_abandoned() {
    StateStore rebuilds = PgStateStore.open(db.dataSource()).open(SharedLiveWrites.KIND);
    // A replica starts rebuilding, then dies: no swap, no abandon of its own.
    String staging = TenantNames.staging("hooli", "job3");
    new SharedLiveWrites(rebuilds, tenant -> {}).start("hooli", staging);
    b.upsert("hooli", List.of(ticket("H-1", "Password reset link expired")));
    assertThat(logged(rebuilds, "hooli")).isEqualTo(1);

    // Another replica finds the job lost and drops its staging index.
    b.abandonRebuild("hooli", staging);
    b.upsert("hooli", List.of(ticket("H-2", "Teams camera not detected")));

    assertThat(logged(rebuilds, "hooli")).isZero();
    assertThat(a.count("hooli")).isEqualTo(2);
  }

  @Test
  void a_replica_hears_of_a_swap_or_an_erasure_made_on_another_before_its_next_write() {
    StateStore rebuilds = PgStateStore.open(db.dataSource()).open(SharedLiveWrites.KIND);
    List<String> toldA = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> toldB = new java.util.concurrent.CopyOnWriteArrayList<>();
    SharedLiveWrites onA = new SharedLiveWrites(rebuilds, toldA::add);
    SharedLiveWrites onB = new SharedLiveWrites(rebuilds, toldB::add);
    RebuildJournals.Write write = new RebuildJournals.Deleted("P-1");
    onB.write("pied", write, () -> null);
    String staging = TenantNames.staging("pied", "job4");

    onA.start("pied", staging);
    onA.finish("pied", staging, writes -> {});
    assertThat(toldB).isEmpty();
    onB.write("pied", write, () -> null);

    // A re-embed's swap changes the tenant's model: B drops its cached one before writing.
    assertThat(toldB).containsExactly("pied");
    assertThat(toldA).isEmpty();
    onB.write("pied", write, () -> null);
    assertThat(toldB).hasSize(1);
    // So does an erasure: the tenant starts again on the configured model.
    onA.erase("pied", () -> {});
    onB.write("pied", write, () -> null);
    assertThat(toldB).hasSize(2);
  }

  /** Live writes journaled for the tenant's rebuild. */
  private static int logged(StateStore rebuilds, String tenant) {
    int[] n = {0};
    rebuilds.readLog(tenant, r -> n[0]++);
    return n[0];
  }
}
