package dev.sift.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.index.internal.LexicalTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VectorIndex} backend must have. Each backend's test extends this and
 * says how to open (and reopen) its index.
 */
public abstract class VectorIndexContract {

  public static final int DIM = 16;
  private static final long SEED = 42;

  protected VectorIndex index;

  /**
   * Opens the index under test; a second call after {@link VectorIndex#close()} must see the same
   * data.
   */
  protected abstract VectorIndex open();

  @BeforeEach
  void openIndex() {
    index = open();
  }

  @AfterEach
  void closeIndex() {
    index.close();
  }

  @Test
  void finds_the_nearest_entries_best_first() {
    index.upsert("acme", "vpn", unit(1, 0), payload("vpn down", "Network"));
    index.upsert("acme", "vpn2", unit(1, 0.2f), payload("vpn slow", "Network"));
    index.upsert("acme", "printer", unit(0, 1), payload("printer jam", "Hardware"));
    List<Hit> hits = index.search("acme", unit(1, 0.05f), 2);
    assertThat(hits).extracting(Hit::id).containsExactly("vpn", "vpn2");
    assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score()).isLessThanOrEqualTo(1.0001f);
    assertThat(hits.get(0).payload().attribute("category")).isEqualTo("Network");
    assertThat(hits.get(0).payload().text()).isEqualTo("vpn down");
  }

  @Test
  void an_upsert_with_the_same_id_overwrites() {
    index.upsert("acme", "t1", unit(1, 0), payload("old text", "Old"));
    index.upsert("acme", "t1", unit(0, 1), payload("new text", "New"));
    assertThat(index.count("acme")).isEqualTo(1);
    assertThat(index.get("acme", "t1"))
        .get()
        .extracting(e -> e.payload().attribute("category"))
        .isEqualTo("New");
    assertThat(index.search("acme", unit(0, 1), 5))
        .singleElement()
        .extracting(Hit::id)
        .isEqualTo("t1");
    assertThat(index.searchText("acme", "old", 5)).isEmpty();
  }

  @Test
  void every_search_returns_an_overwritten_entry_as_it_is_now_even_after_reading_it_before() {
    index.upsert("acme", "t1", unit(1, 0), payload("printer jammed", "Old"));
    assertThat(index.search("acme", unit(1, 0), 5))
        .singleElement()
        .extracting(h -> h.payload().attribute("category"))
        .isEqualTo("Old");
    assertThat(index.searchText("acme", "printer", 5))
        .singleElement()
        .extracting(h -> h.payload().attribute("category"))
        .isEqualTo("Old");

    index.upsert("acme", "t1", unit(1, 0), payload("printer jammed again", "New"));

    assertThat(index.search("acme", unit(1, 0), 5))
        .singleElement()
        .extracting(h -> h.payload().attribute("category"), h -> h.payload().text())
        .containsExactly("New", "printer jammed again");
    assertThat(index.searchText("acme", "printer", 5))
        .singleElement()
        .extracting(h -> h.payload().attribute("category"))
        .isEqualTo("New");
  }

  @Test
  void delete_removes_an_entry_from_every_search() {
    index.upsert("acme", "t1", unit(1, 0), payload("keyboard broken", "Hardware"));
    index.upsert("acme", "t2", unit(0, 1), payload("mouse broken", "Hardware"));
    assertThat(index.delete("acme", "t1")).isTrue();
    assertThat(index.delete("acme", "t1")).isFalse();
    assertThat(index.count("acme")).isEqualTo(1);
    assertThat(index.get("acme", "t1")).isEmpty();
    assertThat(index.search("acme", unit(1, 0), 5)).extracting(Hit::id).containsExactly("t2");
    assertThat(index.searchText("acme", "keyboard", 5)).isEmpty();
  }

  @Test
  void tenants_never_see_each_others_entries() {
    index.upsert("acme", "a1", unit(1, 0), payload("outlook crash", "Email"));
    index.upsert("globex", "g1", unit(1, 0), payload("outlook crash", "Email"));
    index.upsert("globex", "g2", unit(1, 0.1f), payload("outlook slow", "Email"));
    assertThat(index.search("acme", unit(1, 0), 10)).extracting(Hit::id).containsExactly("a1");
    assertThat(index.searchText("acme", "outlook", 10)).extracting(Hit::id).containsExactly("a1");
    assertThat(index.get("acme", "g1")).isEmpty();
    assertThat(index.delete("acme", "g1")).isFalse();
    assertThat(index.count("globex")).isEqualTo(2);
    List<String> seen = new ArrayList<>();
    index.forEach("acme", e -> seen.add(e.id()));
    assertThat(seen).containsExactly("a1");
    assertThat(index.search("initech", unit(1, 0), 10)).isEmpty();
    assertThat(index.count("initech")).isZero();
  }

  @Test
  void lexical_search_ranks_matching_text() {
    index.upsert("acme", "t1", unit(1, 0), payload("VPN client fails to connect", "Network"));
    index.upsert("acme", "t2", unit(0, 1), payload("printer out of toner", "Hardware"));
    index.upsert(
        "acme", "t3", unit(1, 1), payload("the vpn connection drops every hour", "Network"));
    assertThat(index.searchText("acme", "vpn connection", 5))
        .extracting(Hit::id)
        .containsExactlyInAnyOrder("t1", "t3");
    assertThat(index.searchText("acme", "toner", 5)).extracting(Hit::id).containsExactly("t2");
    assertThat(index.searchText("acme", "", 5)).isEmpty();
  }

  /**
   * A long query is scored on its rarest terms ({@link LexicalTerms#MAX_SCORED_TERMS}), wherever
   * they stand in the text: here the one word that finds the right ticket comes after more common
   * words than are scored.
   */
  @Test
  void a_long_query_is_scored_on_its_rarest_terms() {
    StringBuilder common = new StringBuilder();
    for (int i = 0; i < LexicalTerms.MAX_SCORED_TERMS + 8; i++) {
      common.append("word").append((char) ('a' + i / 26)).append((char) ('a' + i % 26)).append(' ');
    }
    // Every ticket holds the common words; one of them also holds the rare one.
    for (int i = 0; i < 6; i++) {
      index.upsert("acme", "c" + i, unit(1, i), payload(common + "filler" + i, "Other"));
    }
    index.upsert("acme", "rare", unit(0, 1), payload(common + "zanzibar", "Network"));
    assertThat(index.searchText("acme", common + "zanzibar", 3))
        .extracting(Hit::id)
        .first()
        .isEqualTo("rare");
  }

  @Test
  void acknowledged_writes_survive_a_reopen() {
    index.upsertAll(
        "acme",
        List.of(
            new Entry("t1", unit(1, 0), payload("disk full", "Hardware")),
            new Entry("t2", unit(0, 1), payload("password reset", "Access"))));
    index.delete("acme", "t2");
    index.close();
    index = open();
    assertThat(index.count("acme")).isEqualTo(1);
    assertThat(index.tenants()).contains("acme");
    assertThat(index.hasTenant("acme")).isTrue();
    assertThat(index.hasTenant("initech")).isFalse();
    Entry e = index.get("acme", "t1").orElseThrow();
    assertThat(e.vector()).containsExactly(unit(1, 0));
    assertThat(e.payload().attribute("category")).isEqualTo("Hardware");
    assertThat(index.search("acme", unit(1, 0), 1)).extracting(Hit::id).containsExactly("t1");
  }

  @Test
  void concurrent_writers_and_readers_lose_nothing() throws Exception {
    int writers = 4;
    int perWriter = 50;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        futures.add(
            pool.submit(
                () -> {
                  Random r = new Random(SEED + writer);
                  for (int i = 0; i < perWriter; i++) {
                    index.upsert(
                        "acme",
                        "w" + writer + "-" + i,
                        random(r),
                        payload("ticket " + i, "C" + writer));
                  }
                }));
      }
      for (int reader = 0; reader < 2; reader++) {
        futures.add(
            pool.submit(
                () -> {
                  Random r = new Random(SEED);
                  for (int i = 0; i < 100; i++) {
                    List<Hit> hits = index.search("acme", random(r), 5);
                    assertThat(hits.size()).isLessThanOrEqualTo(5);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(index.count("acme")).isEqualTo((long) writers * perWriter);
  }

  @Test
  void rejects_vectors_of_the_wrong_dimension_and_bad_tenant_names() {
    assertThatThrownBy(() -> index.upsert("acme", "x", new float[DIM + 1], payload("x", "y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vector dimension " + (DIM + 1) + " differs from index dimension " + DIM);
    assertThatThrownBy(() -> index.search("../etc", unit(1, 0), 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void delete_tenant_removes_all_its_entries_only() {
    index.upsert("acme", "a1", unit(1, 0), payload("x", "y"));
    index.upsert("globex", "g1", unit(1, 0), payload("x", "y"));
    index.deleteTenant("acme");
    assertThat(index.count("acme")).isZero();
    assertThat(index.tenants()).doesNotContain("acme").contains("globex");
    assertThat(index.hasTenant("acme")).isFalse();
    assertThat(index.hasTenant("globex")).isTrue();
    assertThat(index.count("globex")).isEqualTo(1);
  }

  @Test
  void replace_tenant_swaps_in_a_rebuild_while_readers_keep_the_old_entries_until_then() {
    index.upsert("acme", "old-1", unit(1, 0), payload("old vpn", "Old"));
    index.upsert("acme", "old-2", unit(0, 1), payload("old printer", "Old"));
    index.upsert("globex", "g1", unit(1, 0), payload("globex", "G"));
    String staging = TenantNames.staging("acme", "job1");
    index.upsert(staging, "new-1", unit(1, 0.1f), payload("new vpn", "New"));

    // The rebuild is invisible until the swap.
    assertThat(index.search("acme", unit(1, 0), 5))
        .extracting(Hit::id)
        .containsExactlyInAnyOrder("old-1", "old-2");
    assertThat(index.tenants()).doesNotContain(staging);
    assertThat(index.hasTenant(staging)).as("a staging copy is no tenant").isFalse();

    index.replaceTenant("acme", staging);

    assertThat(index.search("acme", unit(1, 0), 5)).extracting(Hit::id).containsExactly("new-1");
    assertThat(index.searchText("acme", "vpn", 5)).extracting(Hit::id).containsExactly("new-1");
    assertThat(index.searchText(staging, "vpn", 5)).isEmpty();
    assertThat(index.count("acme")).isEqualTo(1);
    assertThat(index.count(staging)).isZero();
    assertThat(index.count("globex")).isEqualTo(1);
    index.close();
    index = open();
    assertThat(index.get("acme", "new-1")).isPresent();
    assertThat(index.get("acme", "old-1")).isEmpty();
    assertThat(index.tenants()).contains("acme", "globex").noneMatch(TenantNames::isStaging);
  }

  @Test
  void an_abandoned_rebuild_is_dropped_and_leaves_the_tenant_as_it_was() {
    index.upsert("acme", "old-1", unit(1, 0), payload("old vpn", "Old"));
    String staging = TenantNames.staging("acme", "job2");
    index.upsert(staging, "new-1", unit(1, 0), payload("new vpn", "New"));

    index.deleteTenant(staging);

    assertThat(index.count(staging)).isZero();
    assertThat(index.search("acme", unit(1, 0), 5)).extracting(Hit::id).containsExactly("old-1");
  }

  public static Payload payload(String text, String category) {
    return new Payload(text, Map.of("category", category));
  }

  /** A unit vector in the plane of the first two axes. */
  public static float[] unit(float x, float y) {
    float[] v = new float[DIM];
    v[0] = x;
    v[1] = y;
    return normalise(v);
  }

  protected static float[] random(Random r) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return normalise(v);
  }

  protected static float[] normalise(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    float n = (float) Math.sqrt(s);
    for (int i = 0; i < v.length; i++) {
      v[i] /= n;
    }
    return v;
  }
}
