package dev.sift.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import dev.sift.index.VectorIndexContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneVectorIndexTest extends VectorIndexContract {

  @TempDir Path dir;

  @Override
  protected VectorIndex open() {
    return LuceneVectorIndex.builder(dir, DIM).build();
  }

  @Test
  void a_crash_between_the_two_renames_of_a_swap_is_repaired_at_the_next_open() throws Exception {
    index.upsert("acme", "old-1", unit(1, 0), payload("old vpn", "Old"));
    index.upsert(
        TenantNames.staging("acme", "crashed"), "new-1", unit(1, 0), payload("new", "New"));
    index.close();
    // The state after "live moved aside" and before "staging moved in": only acme.old and the
    // staging dir.
    Files.move(dir.resolve("acme"), dir.resolve("acme.old"));

    index = open();

    assertThat(index.get("acme", "old-1")).isPresent();
    assertThat(index.tenants()).containsExactly("acme");
    assertThat(Files.exists(dir.resolve("acme~crashed"))).isFalse();
    assertThat(Files.exists(dir.resolve("acme.old"))).isFalse();
  }

  @Test
  void a_purge_removes_a_deleted_tickets_text_from_every_segment_file() throws Exception {
    index.close();
    index = LuceneVectorIndex.builder(dir, DIM).purgeDelay(Duration.ofHours(1)).build();
    LuceneVectorIndex lucene = (LuceneVectorIndex) index;
    index.upsertAll("acme", segmentWithOneSecret());
    // A search decodes the secret's hit, which caches its text in memory (StoredDocs).
    assertThat(index.searchText("acme", MARKER, 5)).extracting(Hit::id).contains("erase");

    assertThat(index.delete("acme", "erase")).isTrue();
    // Hidden from every read at once, but still in the segment files until the purge: the control
    // for the check.
    assertThat(index.get("acme", "erase")).isEmpty();
    assertThat(retained()).isNotEmpty();
    assertThat(StoredDocs.holdsText(MARKER)).as("cached while its segment lives").isTrue();
    assertThat(lucene.deletedNotPurged("acme")).isEqualTo(1);
    assertThat(dir.resolve("acme.purge")).as("the durable list of what to purge").exists();

    assertThat(lucene.purgeDeleted("acme")).isEqualTo(1);
    assertThat(dir.resolve("acme.purge")).doesNotExist();
    assertThat(lucene.purgeDeleted("acme")).as("nothing left to purge").isZero();

    assertThat(retained()).isEmpty();
    assertThat(lucene.deletedNotPurged("acme")).isZero();
    assertThat(index.get("acme", "keep-0")).isPresent();
    // The rewritten segment's old core closes once no reader holds it; its cached text goes with
    // it.
    long deadline = System.nanoTime() + PURGE_WAIT.toNanos();
    while (StoredDocs.holdsText(MARKER) && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
    }
    assertThat(StoredDocs.holdsText(MARKER)).as("dropped from memory with its segment").isFalse();
  }

  @Test
  void a_delete_is_purged_in_the_background_and_a_purge_cut_short_runs_at_the_next_open()
      throws Exception {
    index.upsertAll("acme", segmentWithOneSecret());
    index.delete("acme", "erase"); // the default delay: the index is closed before the purge runs
    index.close();
    assertThat(retained()).isNotEmpty();

    index = LuceneVectorIndex.builder(dir, DIM).purgeDelay(Duration.ZERO).build();

    // Waits on the outcome itself, the text gone from every file, not on a counter that turns
    // before the files go.
    long deadline = System.nanoTime() + PURGE_WAIT.toNanos();
    while ((!retained().isEmpty()
            || ((LuceneVectorIndex) index).deletedNotPurged("acme") > 0
            || Files.exists(dir.resolve("acme.purge")))
        && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
    }
    assertThat(retained()).isEmpty();
    assertThat(((LuceneVectorIndex) index).deletedNotPurged("acme")).isZero();
    assertThat(dir.resolve("acme.purge"))
        .as("the purge list is cleared once the purge is done")
        .doesNotExist();
    assertThat(index.count("acme")).isEqualTo(SEGMENT - 1);
  }

  private static final String MARKER = "Quillfeather";
  private static final Duration PURGE_WAIT = Duration.ofSeconds(30);
  private static final long POLL_MILLIS = 20;

  /**
   * Documents written together, so one segment. Lucene rewrites a segment by itself once a fifth of
   * it is deleted, and drops one wholly deleted at once; one delete among these many is the case
   * that needs the purge.
   */
  private static final int SEGMENT = 10;

  private static List<Entry> segmentWithOneSecret() {
    List<Entry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < SEGMENT - 1; i++) {
      entries.add(
          new Entry("keep-" + i, unit(1, i), payload("printer jam on floor " + i, "Hardware")));
    }
    entries.add(
        new Entry("erase", unit(0, 1), payload("call " + MARKER + " about the vpn", "Network")));
    return entries;
  }

  private List<String> retained() throws IOException {
    return RetainedText.find(dir.resolve("acme"), MARKER);
  }
}
