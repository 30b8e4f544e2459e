package dev.sift.index.lucene;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.Bits;

/**
 * Removes erased tickets from a shard's segment files: forced merges of deletes (each segment by
 * itself, see {@link PurgingMergePolicy}), checked against the last commit, since that is what a
 * restart finds on disk. Kept apart from the shard's reads and writes because it works on files and
 * commits, not on documents.
 */
final class SegmentPurge {

  /**
   * Forced merges tried per purge, a pause apart; what a running merge still holds is left to the
   * next purge.
   */
  private static final int ROUNDS = 100;

  private static final long RETRY_MILLIS = 200;

  private SegmentPurge() {}

  /** Purges what it can of {@code erased} and returns the ids no longer on disk. */
  static Set<String> purge(
      IndexWriter writer, SearcherManager searchers, Directory directory, Set<String> erased)
      throws IOException, InterruptedException {
    Set<String> left = onDisk(directory, erased);
    // A segment in a natural merge (say, after an import) is skipped by the forced merge, and that
    // merge carries the delete into its result: wait for it and go again, a bounded number of
    // times.
    for (int round = 0; round < ROUNDS && !left.isEmpty(); round++) {
      if (round > 0) {
        Thread.sleep(RETRY_MILLIS);
      }
      writer.forceMergeDeletes(true);
      writer.commit();
      searchers.maybeRefreshBlocking();
      // The merged-away segment's files go once no reader holds them; a search that held the old
      // reader when the refresh released it leaves them to the next commit, so drop them now: the
      // purge is done when they are gone.
      writer.deleteUnusedFiles();
      left = onDisk(directory, left);
    }
    Set<String> gone = new HashSet<>(erased);
    gone.removeAll(left);
    return gone;
  }

  /**
   * The ids of which the last commit still holds a deleted document (a live one means it was stored
   * again).
   */
  private static Set<String> onDisk(Directory directory, Set<String> ids) throws IOException {
    Set<String> found = new HashSet<>();
    try (DirectoryReader commit = DirectoryReader.open(directory)) {
      for (LeafReaderContext leaf : commit.leaves()) {
        Bits live = leaf.reader().getLiveDocs();
        if (live == null) {
          continue; // nothing deleted in this segment
        }
        for (String id : ids) {
          PostingsEnum docs = leaf.reader().postings(new Term(Docs.ID, id));
          if (docs == null) {
            continue;
          }
          for (int d = docs.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = docs.nextDoc()) {
            if (!live.get(d)) {
              found.add(id);
            }
          }
        }
      }
    }
    return found;
  }
}
