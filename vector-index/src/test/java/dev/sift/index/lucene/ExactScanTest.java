package dev.sift.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.Payload;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

class ExactScanTest {

  private static final float[] QUERY = {1, 0};
  private static final float[] BEST = {1, 0};

  /** Equal to each other: duplicate tickets. */
  private static final float[] TIED = {0.6f, 0.8f};

  private static final float[] FAR = {0, 1};

  @Test
  void equal_scores_are_ordered_by_id_across_segments_as_the_pgvector_backend_orders_them()
      throws Exception {
    // One segment per batch, never merged: the ties sit in different segments and out of id order.
    List<Hit> hits =
        scan(
            3,
            List.of(
                List.of(entry("far", FAR), entry("tie-c", TIED)),
                List.of(entry("tie-a", TIED), entry("best", BEST)),
                List.of(entry("tie-b", TIED))),
            List.of());

    assertThat(hits).extracting(Hit::id).containsExactly("best", "tie-a", "tie-b");
    assertThat(hits.get(0).score()).isEqualTo(1f);
    assertThat(hits.get(1).score()).isEqualTo(hits.get(2).score());
  }

  @Test
  void deleted_documents_are_never_returned() throws Exception {
    List<Hit> hits =
        scan(
            2,
            List.of(List.of(entry("best", BEST), entry("tie-a", TIED), entry("far", FAR))),
            List.of("best"));

    assertThat(hits).extracting(Hit::id).containsExactly("tie-a", "far");
  }

  @Test
  void a_tenant_smaller_than_k_returns_all_of_its_live_documents_best_first() throws Exception {
    List<Hit> hits = scan(10, List.of(List.of(entry("far", FAR), entry("best", BEST))), List.of());

    assertThat(hits).extracting(Hit::id).containsExactly("best", "far");
    assertThat(hits)
        .extracting(h -> h.payload().text())
        .containsExactly("text of best", "text of far");
  }

  private static List<Hit> scan(int k, List<List<Entry>> segments, List<String> deleted)
      throws Exception {
    IndexWriterConfig config =
        new IndexWriterConfig(Docs.analyzer()).setMergePolicy(NoMergePolicy.INSTANCE);
    try (Directory directory = new ByteBuffersDirectory();
        IndexWriter writer = new IndexWriter(directory, config)) {
      for (List<Entry> segment : segments) {
        for (Entry e : segment) {
          writer.addDocument(Docs.toDocument(e));
        }
        writer.commit();
      }
      for (String id : deleted) {
        writer.deleteDocuments(new Term(Docs.ID, id));
      }
      writer.commit();
      try (DirectoryReader reader = DirectoryReader.open(writer)) {
        return ExactScan.topK(new IndexSearcher(reader), QUERY, k);
      }
    }
  }

  private static Entry entry(String id, float[] vector) {
    return new Entry(id, vector, new Payload("text of " + id, Map.of()));
  }
}
