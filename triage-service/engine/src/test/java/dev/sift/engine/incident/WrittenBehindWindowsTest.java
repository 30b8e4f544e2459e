package dev.sift.engine.incident;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.engine.state.FileStateStore;
import dev.sift.engine.state.StateStore;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing a tenant's window behind never holds up that tenant's triages. */
class WrittenBehindWindowsTest {

  private static final int DIMENSION = 8;
  private static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");

  /** Far longer than any observation takes; reached only if the observation waits for the write. */
  private static final long PATIENCE_SECONDS = 20;

  @Test
  void an_observation_goes_on_while_its_tenants_window_is_being_written(
      @TempDir Path indexDir, @TempDir Path stateDir) throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    StateStore held = new HeldWrites(new FileStateStore(stateDir), writing, release);
    try (LuceneVectorIndex index = LuceneVectorIndex.builder(indexDir, DIMENSION).build();
        IncidentDetector detector =
            new IncidentDetector(index, IncidentSettings.DEFAULTS, tenant -> null, held)) {
      detector.observe("acme", arrival("t0"), unit(0));
      // Threads of their own: the common pool may have a single worker, busy with the flush.
      CompletableFuture<Void> flush =
          CompletableFuture.runAsync(detector::flush, r -> new Thread(r).start());
      try {
        assertThat(writing.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        // The store is in the middle of writing acme's window; acme's next ticket is observed
        // anyway.
        ClusterView next =
            CompletableFuture.supplyAsync(
                    () -> detector.observe("acme", arrival("t1"), unit(0)),
                    r -> new Thread(r).start())
                .get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(next.size()).isEqualTo(2);
      } finally {
        release.countDown();
      }
      flush.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }
    // What was written is a whole window: it reads back.
    try (LuceneVectorIndex index = LuceneVectorIndex.builder(indexDir, DIMENSION).build();
        IncidentDetector restored =
            new IncidentDetector(
                index, IncidentSettings.DEFAULTS, tenant -> null, new FileStateStore(stateDir))) {
      assertThat(restored.observe("acme", arrival("t2"), unit(0)).size()).isEqualTo(3);
    }
  }

  @Test
  void a_flush_appends_only_the_changes_since_the_last_and_a_restart_replays_them(
      @TempDir Path indexDir, @TempDir Path stateDir) {
    FileStateStore files = new FileStateStore(stateDir);
    try (LuceneVectorIndex index = LuceneVectorIndex.builder(indexDir, DIMENSION).build()) {
      try (IncidentDetector detector =
          new IncidentDetector(index, IncidentSettings.DEFAULTS, tenant -> null, files)) {
        for (int i = 0; i < 3; i++) {
          detector.observe("acme", arrival("t" + i), unit(0));
        }
        detector.flush(); // the first write is the whole window
        detector.observe("acme", arrival("t3"), unit(0));
        detector.observe("acme", arrival("t4"), unit(1));
        detector.flush();
        assertThat(logRecords(files, "acme")).hasSize(2);
        assertThat(new String(files.read("acme").orElseThrow().content(), UTF_8))
            .contains("\"t2\"")
            .doesNotContain("\"t3\"");
      }
      try (IncidentDetector restarted =
          new IncidentDetector(
              index, IncidentSettings.DEFAULTS, tenant -> null, new FileStateStore(stateDir))) {
        assertThat(restarted.observe("acme", arrival("t5"), unit(0)).size()).isEqualTo(5);
        assertThat(restarted.observe("acme", arrival("t6"), unit(1)).size()).isEqualTo(2);

        // An erasure is written as a whole window: the ticket leaves the log with the next flush.
        assertThat(restarted.forget("acme", "t3")).isTrue();
        restarted.flush();
        assertThat(logRecords(files, "acme")).isEmpty();
        assertThat(new String(files.read("acme").orElseThrow().content(), UTF_8))
            .contains("\"t5\"")
            .doesNotContain("\"t3\"");
      }
    }
  }

  private static List<String> logRecords(StateStore store, String tenant) {
    List<String> records = new java.util.ArrayList<>();
    store.readLog(tenant, r -> records.add(new String(r, UTF_8)));
    return records;
  }

  private static TicketArrival arrival(String id) {
    return new TicketArrival(id, "Outlook not loading", "user-" + id, null, NOW);
  }

  private static float[] unit(int axis) {
    float[] v = new float[DIMENSION];
    v[axis] = 1;
    return v;
  }

  /** A file store whose writes wait, once asked to write, until the test lets them go on. */
  private record HeldWrites(StateStore files, CountDownLatch writing, CountDownLatch release)
      implements StateStore {

    @Override
    public long write(String tenant, byte[] content) {
      hold();
      return files.write(tenant, content);
    }

    private void hold() {
      writing.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public boolean shared() {
      return files.shared();
    }

    @Override
    public Optional<Versioned> read(String tenant) {
      return files.read(tenant);
    }

    @Override
    public OptionalLong version(String tenant) {
      return files.version(tenant);
    }

    @Override
    public <T> Applied<T> update(String tenant, long knownVersion, Change<T> change) {
      return files.update(tenant, knownVersion, change);
    }

    @Override
    public <T> Logged<T> updateJournal(String tenant, Position known, JournaledChange<T> change) {
      hold();
      return files.updateJournal(tenant, known, change);
    }

    @Override
    public boolean delete(String tenant) {
      return files.delete(tenant);
    }

    @Override
    public Set<String> tenants() {
      return files.tenants();
    }

    @Override
    public long append(String tenant, byte[] record) {
      return files.append(tenant, record);
    }

    @Override
    public long[] appendAll(String tenant, List<byte[]> records) {
      return files.appendAll(tenant, records);
    }

    @Override
    public void readLog(String tenant, long afterSeq, LogVisitor visitor) {
      files.readLog(tenant, afterSeq, visitor);
    }

    @Override
    public void truncateLog(String tenant, long throughSeq) {
      files.truncateLog(tenant, throughSeq);
    }
  }
}
