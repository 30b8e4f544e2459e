package dev.sift.engine.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link StateStore} does; extended by the file test and the PostgreSQL IT. */
abstract class StateStoreContract {

  /** A fresh, empty store of one kind. */
  protected abstract StateStore open(String kind);

  @Test
  void writes_are_versioned_and_read_back() {
    StateStore store = open("models");
    assertThat(store.read("acme")).isEmpty();
    assertThat(store.version("acme")).isEmpty();
    long first = store.write("acme", bytes("one"));
    long second = store.write("acme", bytes("two"));
    assertThat(second).isGreaterThan(first);
    assertThat(store.version("acme")).hasValue(second);
    StateStore.Versioned read = store.read("acme").orElseThrow();
    assertThat(read.version()).isEqualTo(second);
    assertThat(new String(read.content(), UTF_8)).isEqualTo("two");
    assertThat(store.tenants()).containsExactly("acme");
  }

  @Test
  void tenants_never_see_each_others_state_or_log() {
    StateStore store = open("models");
    store.write("acme", bytes("a"));
    store.append("acme", bytes("a-log"));
    assertThat(store.read("globex")).isEmpty();
    List<byte[]> log = new ArrayList<>();
    store.readLog("globex", log::add);
    assertThat(log).isEmpty();
    assertThat(store.delete("globex")).isFalse();
    assertThat(store.delete("acme")).isTrue();
    assertThat(store.read("acme")).isEmpty();
    store.readLog("acme", log::add);
    assertThat(log).isEmpty();
  }

  @Test
  void an_update_skips_reading_content_the_caller_already_holds() {
    StateStore store = open("incidents");
    StateStore.Applied<String> created =
        store.update(
            "acme",
            0,
            current -> {
              assertThat(current.version()).isZero();
              return new StateStore.Result<>(bytes("v1"), "created");
            });
    assertThat(created.value()).isEqualTo("created");
    store.update(
        "acme",
        created.version(),
        current -> {
          assertThat(current.version()).isEqualTo(created.version());
          assertThat(current.content()).isNull();
          return new StateStore.Result<>(null, null);
        });
    assertThat(store.version("acme")).hasValue(created.version());
    store.update(
        "acme",
        0,
        current -> {
          assertThat(new String(current.content(), UTF_8)).isEqualTo("v1");
          return new StateStore.Result<>(null, null);
        });
  }

  @Test
  void concurrent_updates_apply_one_after_another() throws Exception {
    StateStore store = open("incidents");
    int threads = 4;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    store.update(
                        "acme",
                        -1,
                        current -> {
                          int n =
                              current.content() == null
                                  ? 0
                                  : Integer.parseInt(new String(current.content(), UTF_8));
                          return new StateStore.Result<>(bytes(Integer.toString(n + 1)), null);
                        });
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(new String(store.read("acme").orElseThrow().content(), UTF_8))
        .isEqualTo(Integer.toString(threads * each));
  }

  @Test
  void a_failed_change_leaves_the_state_as_it_was() {
    StateStore store = open("incidents");
    long v = store.write("acme", bytes("kept"));
    assertThatThrownBy(
            () ->
                store.update(
                    "acme",
                    v,
                    current -> {
                      throw new IllegalStateException("change failed");
                    }))
        .hasMessageContaining("change failed");
    assertThat(store.version("acme")).hasValue(v);
    assertThat(new String(store.read("acme").orElseThrow().content(), UTF_8)).isEqualTo("kept");
  }

  @Test
  void state_written_again_after_a_delete_gets_a_version_never_seen_before() {
    StateStore store = open("incidents");
    store.write("acme", bytes("one"));
    long before = store.write("acme", bytes("two"));

    assertThat(store.delete("acme")).isTrue();
    assertThat(store.read("acme")).isEmpty();
    assertThat(store.tenants()).doesNotContain("acme");
    assertThat(store.delete("acme")).isFalse();
    long again = store.write("acme", bytes("new"));

    assertThat(again).isGreaterThan(before);
    assertThat(
            store
                .update(
                    "acme",
                    before,
                    current -> {
                      assertThat(current.content())
                          .as("a replica holding the old version must reload")
                          .isNotNull();
                      return new StateStore.Result<>(null, null);
                    })
                .version())
        .isEqualTo(again);
  }

  @Test
  void the_log_returns_records_in_order() {
    StateStore store = open("predictions");
    for (int i = 0; i < 5; i++) {
      store.append("acme", bytes("r" + i));
    }
    List<String> read = new ArrayList<>();
    store.readLog("acme", r -> read.add(new String(r, UTF_8)));
    assertThat(read).containsExactly("r0", "r1", "r2", "r3", "r4");
  }

  @Test
  void a_follower_reads_the_log_after_a_sequence_number_and_truncation_keeps_the_newest() {
    StateStore store = open("predictions");
    long[] seqs = new long[5];
    for (int i = 0; i < 5; i++) {
      seqs[i] = store.append("acme", bytes("r" + i));
    }
    assertThat(seqs).isSorted().doesNotHaveDuplicates();
    assertThat(seqs[0]).isPositive();
    List<String> after = new ArrayList<>();
    store.readLog("acme", seqs[2], (seq, r) -> after.add(seq + ":" + new String(r, UTF_8)));
    assertThat(after).containsExactly(seqs[3] + ":r3", seqs[4] + ":r4");

    store.truncateLog("acme", seqs[3]);
    long next = store.append("acme", bytes("r5"));

    assertThat(next).isGreaterThan(seqs[4]);
    List<String> kept = new ArrayList<>();
    store.readLog("acme", r -> kept.add(new String(r, UTF_8)));
    assertThat(kept).containsExactly("r3", "r4", "r5");
    store.truncateLog("globex", Long.MAX_VALUE); // nothing to drop, and nothing of acme
    assertThat(countLog(store, "acme")).isEqualTo(3);
  }

  @Test
  void a_journal_reader_gets_only_the_records_logged_since_its_position() {
    StateStore store = open("incidents");
    StateStore.Logged<Boolean> first =
        store.updateJournal(
            "acme",
            StateStore.Position.NOTHING,
            j -> new StateStore.Entries<>(bytes("s1"), null, j.hasSnapshot()));
    assertThat(first.value()).isFalse();
    StateStore.Position writer = append(store, first.position(), "r1").position();
    StateStore.Position follower = append(store, first.position(), "r2").position();

    assertThat(texts(read(store, first.position()).log())).containsExactly("r1", "r2");
    assertThat(texts(read(store, writer).log())).containsExactly("r2");
    assertThat(read(store, follower).log()).isEmpty();
    StateStore.Journal fresh = read(store, StateStore.Position.NOTHING);
    assertThat(fresh.reloaded()).isTrue();
    assertThat(fresh.hasSnapshot()).isTrue();
    assertThat(new String(fresh.snapshot(), UTF_8)).isEqualTo("s1");
    assertThat(texts(fresh.log())).containsExactly("r1", "r2");
    assertThat(read(store, follower).snapshot())
        .as("an up-to-date reader is sent no snapshot")
        .isNull();
    assertThat(
            store
                .updateJournal(
                    "globex",
                    StateStore.Position.NOTHING,
                    j -> new StateStore.Entries<>(null, null, j))
                .value())
        .as("another tenant's journal")
        .satisfies(j -> assertThat(j.hasSnapshot()).isFalse())
        .satisfies(j -> assertThat(j.log()).isEmpty());
  }

  @Test
  void a_new_snapshot_drops_the_log_and_every_older_position_reloads() {
    StateStore store = open("incidents");
    StateStore.Position start = snapshot(store, StateStore.Position.NOTHING, "s1");
    StateStore.Position behind = append(store, start, "r1").position();
    StateStore.Position compacted = snapshot(store, behind, "s2");
    append(store, compacted, "r2");

    StateStore.Journal reload = read(store, behind);
    assertThat(reload.reloaded()).isTrue();
    assertThat(new String(reload.snapshot(), UTF_8)).isEqualTo("s2");
    assertThat(texts(reload.log())).containsExactly("r2");
    assertThat(texts(read(store, compacted).log())).containsExactly("r2");
  }

  @Test
  void a_deleted_journal_sends_its_readers_back_to_nothing() {
    StateStore store = open("incidents");
    StateStore.Position held =
        append(store, snapshot(store, StateStore.Position.NOTHING, "s1"), "r1").position();

    assertThat(store.delete("acme")).isTrue();

    StateStore.Journal after = read(store, held);
    assertThat(after.reloaded()).isTrue();
    assertThat(after.hasSnapshot()).isFalse();
    assertThat(after.snapshot()).isNull();
    assertThat(after.log()).isEmpty();
  }

  @Test
  void a_failed_journaled_change_appends_nothing() {
    StateStore store = open("incidents");
    StateStore.Position p = snapshot(store, StateStore.Position.NOTHING, "s1");
    assertThatThrownBy(
            () ->
                store.updateJournal(
                    "acme",
                    p,
                    j -> {
                      throw new IllegalStateException("change failed");
                    }))
        .hasMessageContaining("change failed");
    assertThat(read(store, p).log()).isEmpty();
  }

  private static StateStore.Position snapshot(
      StateStore store, StateStore.Position from, String snapshot) {
    return store
        .updateJournal("acme", from, j -> new StateStore.Entries<>(bytes(snapshot), null, null))
        .position();
  }

  private static StateStore.Logged<Void> append(
      StateStore store, StateStore.Position from, String record) {
    return store.updateJournal(
        "acme", from, j -> new StateStore.Entries<>(null, List.of(bytes(record)), null));
  }

  /** What a reader at {@code from} is sent, without changing anything. */
  private static StateStore.Journal read(StateStore store, StateStore.Position from) {
    return store.updateJournal("acme", from, j -> new StateStore.Entries<>(null, null, j)).value();
  }

  private static List<String> texts(List<StateStore.LogRecord> log) {
    return log.stream().map(r -> new String(r.content(), UTF_8)).toList();
  }

  private static int countLog(StateStore store, String tenant) {
    int[] n = {0};
    store.readLog(tenant, r -> n[0]++);
    return n[0];
  }

  @Test
  void rejects_a_tenant_name_that_could_escape_its_scope() {
    StateStore store = open("models");
    assertThatThrownBy(() -> store.write("../etc", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
