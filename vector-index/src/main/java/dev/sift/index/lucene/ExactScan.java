package dev.sift.index.lucene;

import dev.sift.index.Hit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.VectorUtil;

/**
 * Exact nearest neighbours by a scan of every live vector: cheap for small tenants, and the
 * reference the graph search is measured against. Equal scores (duplicate tickets) are ordered by
 * id, as the pgvector backend orders them, so that both return the same neighbours.
 */
final class ExactScan {

  private ExactScan() {}

  static List<Hit> topK(IndexSearcher s, float[] vector, int k) throws IOException {
    Comparator<Candidate> worstFirst =
        Comparator.comparingDouble((Candidate c) -> c.score)
            .thenComparing(c -> c.id(s), Comparator.reverseOrder());
    PriorityQueue<Candidate> best = new PriorityQueue<>(k + 1, worstFirst);
    for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
      FloatVectorValues values = leaf.reader().getFloatVectorValues(Docs.VECTOR);
      if (values == null) {
        continue;
      }
      Bits live = leaf.reader().getLiveDocs();
      KnnVectorValues.DocIndexIterator it = values.iterator();
      for (int doc = it.nextDoc();
          doc != KnnVectorValues.DocIndexIterator.NO_MORE_DOCS;
          doc = it.nextDoc()) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        float score = VectorUtil.dotProduct(vector, values.vectorValue(it.index()));
        // Ids are read only on a tie with the worst kept candidate, which is rare.
        if (best.size() < k) {
          best.add(new Candidate(leaf.docBase + doc, score));
        } else if (score >= best.peek().score) {
          Candidate c = new Candidate(leaf.docBase + doc, score);
          if (worstFirst.compare(c, best.peek()) > 0) {
            best.poll();
            best.add(c);
          }
        }
      }
    }
    List<Candidate> ordered = new ArrayList<>(best);
    ordered.sort(worstFirst.reversed());
    List<Hit> hits = new ArrayList<>(ordered.size());
    for (Candidate c : ordered) {
      hits.add(StoredDocs.hit(s, c.doc, c.score));
    }
    return hits;
  }

  /** A scored document whose id is read only when a tie needs it. */
  private static final class Candidate {
    final int doc;
    final float score;
    private String id;

    Candidate(int doc, float score) {
      this.doc = doc;
      this.score = score;
    }

    String id(IndexSearcher s) {
      if (id == null) {
        try {
          id = StoredDocs.id(s, doc);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return id;
    }
  }
}
