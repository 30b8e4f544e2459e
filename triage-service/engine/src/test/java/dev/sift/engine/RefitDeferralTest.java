package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history sync pushes batch after batch; a refit in the middle of it is out of date at once and
 * competes with the writes for the cores (docs/benchmarks.md, "Ingest over HTTP on pgvector"). The
 * tenant is refitted once the writes pause, on everything they brought.
 */
class RefitDeferralTest {

  private static final int FIRST = 100;
  private static final int BATCH = 20;
  private static final int BATCHES = 10;
  private static final String[][] TOPICS = {
    {"Network", "VPN disconnects every few minutes"},
    {"Email", "Outlook keeps asking for my password"},
    {"Hardware", "printer jams on every page"},
    {"Access", "account locked out again"}
  };
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final long POLL_MILLIS = 5;

  /** Long enough after the pause for a due refit to have run, had it not been dropped. */
  private static final long AFTER_THE_PAUSE_MILLIS = 10_000;

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

  @Test
  void a_sync_pushing_batch_after_batch_is_refitted_once_after_it_not_between_batches()
      throws Exception {
    try (LuceneVectorIndex index =
            LuceneVectorIndex.builder(dir.resolve("index"), embedder.dimension()).build();
        Engine engine =
            Engine.builder(new TicketStore(embedder, index), dir.resolve("models")).build()) {
      engine.tickets().upsert("sync", tickets(0, FIRST));
      awaitModelOf(engine, FIRST);

      Set<Long> seen = ConcurrentHashMap.newKeySet();
      AtomicBoolean syncing = new AtomicBoolean(true);
      Thread watcher =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (syncing.get()) {
                      engine.tenants().fit("sync").ifPresent(m -> seen.add(m.tickets()));
                      sleep(POLL_MILLIS);
                    }
                  });
      for (int b = 0; b < BATCHES; b++) {
        engine
            .tickets()
            .upsert("sync", tickets(FIRST + b * BATCH, BATCH)); // each one makes a refit due
      }
      syncing.set(false);
      watcher.join();

      assertThat(seen).containsOnly((long) FIRST);
      awaitModelOf(engine, FIRST + BATCHES * BATCH);
    }
  }

  @Test
  void a_refit_waiting_for_a_pause_in_writes_does_not_run_after_the_tenant_is_deleted()
      throws Exception {
    try (LuceneVectorIndex index =
            LuceneVectorIndex.builder(dir.resolve("index"), embedder.dimension()).build();
        Engine engine =
            Engine.builder(new TicketStore(embedder, index), dir.resolve("models")).build()) {
      engine.tickets().upsert("gone", tickets(0, FIRST));
      awaitModelOf(engine, "gone", FIRST);
      engine
          .tickets()
          .upsert(
              "gone", tickets(FIRST, BATCH)); // a fifth more: a refit is due once the writes pause

      engine.tenants().delete("gone");
      sleep(RefitScheduler.REFIT_QUIET.toMillis() + AFTER_THE_PAUSE_MILLIS);

      assertThat(engine.tenants().fit("gone"))
          .as("no fit of the erased tickets came back")
          .isEmpty();
      assertThat(engine.tenants().exists("gone")).isFalse();
    }
  }

  private static void awaitModelOf(Engine engine, long tickets) {
    awaitModelOf(engine, "sync", tickets);
  }

  private static void awaitModelOf(Engine engine, String tenant, long tickets) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (engine.tenants().fit(tenant).map(TenantFit::tickets).orElse(0L) != tickets) {
      assertThat(System.nanoTime()).as("a fit made on %d tickets", tickets).isLessThan(deadline);
      sleep(POLL_MILLIS);
    }
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<Ticket> tickets(int from, int count) {
    List<Ticket> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String[] t = TOPICS[i % TOPICS.length];
      out.add(
          new Ticket(
              "T-" + i,
              t[1] + " (" + i + ")",
              null,
              t[0],
              null,
              "P3",
              null,
              null,
              null,
              null,
              null,
              null,
              null));
    }
    return out;
  }
}
