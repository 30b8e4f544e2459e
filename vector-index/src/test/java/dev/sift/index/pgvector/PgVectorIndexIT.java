package dev.sift.index.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.index.Entry;
import dev.sift.index.IndexException;
import dev.sift.index.Payload;
import dev.sift.index.VectorIndex;
import dev.sift.index.VectorIndexContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PgVectorIndexIT extends VectorIndexContract {

  private static final long SEED = 7;
  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  /** Runs after the contract opened the index (and so migrated): every test starts from an empty table. */
  @BeforeEach
  void emptyTable() {
    db.execute("TRUNCATE sift_ticket");
  }

  @Override
  protected VectorIndex open() {
    return PgVectorIndex.builder(db.dataSource(), DIM).build();
  }

  @Test
  void a_large_batch_goes_through_binary_copy_and_keeps_the_last_duplicate() {
    Random r = new Random(SEED);
    List<Entry> batch = new ArrayList<>();
    for (int i = 0; i < PgVectorIndex.DEFAULT_COPY_FROM * 3; i++) {
      Payload quoted = new Payload("text \"quoted\" \\ " + i, Map.of("category", "C" + i));
      batch.add(new Entry("t" + i, random(r), quoted));
    }
    float[] last = random(r);
    batch.add(new Entry("t0", last, payload("replaced", "Last")));
    index.upsertAll("acme", batch);
    assertThat(index.count("acme")).isEqualTo(PgVectorIndex.DEFAULT_COPY_FROM * 3L);
    Entry t0 = index.get("acme", "t0").orElseThrow();
    assertThat(t0.vector()).containsExactly(last);
    assertThat(t0.payload().attribute("category")).isEqualTo("Last");
    assertThat(index.get("acme", "t5").orElseThrow().payload().text()).isEqualTo("text \"quoted\" \\ 5");
    assertThat(index.search("acme", last, 1)).extracting(h -> h.id()).containsExactly("t0");
  }

  @Test
  void reopening_with_another_dimension_fails_fast_instead_of_mixing_models() {
    index.upsert("acme", "t1", unit(1, 0), payload("fine", "A"));
    assertThatThrownBy(() -> PgVectorIndex.builder(db.dataSource(), DIM * 2).build())
        .isInstanceOf(IndexException.class)
        .hasMessageContaining("differs from index dimension " + DIM * 2);
  }

  @Test
  void nul_characters_which_postgresql_cannot_store_are_dropped_on_both_write_paths() {
    var nul = new Payload("disk\0 full", Map.of("category", "Hard\0ware", "note", "tab\there"));
    index.upsert("acme", "single", unit(1, 0), nul);
    List<Entry> copied = new ArrayList<>(List.of(new Entry("copied", unit(0, 1), nul)));
    for (int i = 0; i < PgVectorIndex.DEFAULT_COPY_FROM; i++) {
      copied.add(new Entry("pad" + i, unit(1, 1), nul)); // enough to take the binary COPY path
    }
    index.upsertAll("acme", copied);
    for (String id : List.of("single", "copied")) {
      Entry e = index.get("acme", id).orElseThrow();
      assertThat(e.payload().text()).isEqualTo("disk full");
      assertThat(e.payload().attributes()).containsEntry("category", "Hardware").containsEntry("note", "tab\there");
    }
  }

  @Test
  void builds_an_or_query_from_the_words_of_any_text() {
    assertThat(PgVectorIndex.orQuery("VPN \"can't\" -connect or e-mail")).isEqualTo("vpn or can or t or connect or e or mail");
    assertThat(PgVectorIndex.orQuery("  !!  ")).isEmpty();
  }
}
