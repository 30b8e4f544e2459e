package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.engine.TicketStore;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentCountsTest {

  @TempDir Path dir;

  @Test
  void a_count_is_reused_until_it_is_five_seconds_old_or_a_fresh_one_is_asked_for() {
    try (Embedder embedder = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
        LuceneVectorIndex index = LuceneVectorIndex.builder(dir, embedder.dimension()).build()) {
      TicketStore store = new TicketStore(embedder, index);
      AtomicLong nanos = new AtomicLong();
      RecentCounts counts = new RecentCounts(store, nanos::get);
      assertThat(counts.count("acme", false)).isZero();

      store.upsert("acme", List.of(ticket("t1"), ticket("t2")));
      assertThat(counts.count("acme", false)).as("within 5 s of the last count").isZero();
      assertThat(counts.count("acme", true)).isEqualTo(2);

      store.upsert("acme", List.of(ticket("t3")));
      nanos.addAndGet(RecentCounts.REUSE.toNanos() - 1);
      assertThat(counts.count("acme", false)).isEqualTo(2);
      nanos.addAndGet(1);
      assertThat(counts.count("acme", false)).as("five seconds after the fresh count").isEqualTo(3);

      store.upsert("acme", List.of(ticket("t4")));
      counts.forget("acme");
      assertThat(counts.count("acme", false)).isEqualTo(4);
    }
  }

  private static Ticket ticket(String id) {
    return Ticket.builder(id).subject("printer " + id + " out of toner").build();
  }
}
