package dev.sift.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import dev.sift.index.VectorIndexContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneVectorIndexTest extends VectorIndexContract {

  @TempDir
  Path dir;

  @Override
  protected VectorIndex open() {
    return LuceneVectorIndex.builder(dir, DIM).build();
  }

  @Test
  void a_crash_between_the_two_renames_of_a_swap_is_repaired_at_the_next_open() throws Exception {
    index.upsert("acme", "old-1", unit(1, 0), payload("old vpn", "Old"));
    index.upsert(TenantNames.staging("acme", "crashed"), "new-1", unit(1, 0), payload("new", "New"));
    index.close();
    // The state after "live moved aside" and before "staging moved in": only acme.old and the staging dir.
    Files.move(dir.resolve("acme"), dir.resolve("acme.old"));

    index = open();

    assertThat(index.get("acme", "old-1")).isPresent();
    assertThat(index.tenants()).containsExactly("acme");
    assertThat(Files.exists(dir.resolve("acme~crashed"))).isFalse();
    assertThat(Files.exists(dir.resolve("acme.old"))).isFalse();
  }
}
