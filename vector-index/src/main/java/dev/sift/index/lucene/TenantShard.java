package dev.sift.index.lucene;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.HnswParams;
import dev.sift.index.IndexException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

/**
 * One tenant's Lucene index: a writer that commits every acknowledged write, and a searcher kept
 * fresh.
 */
final class TenantShard implements AutoCloseable {

  private final Path dir;
  private final FSDirectory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;

  private TenantShard(Path dir, FSDirectory directory, IndexWriter writer) throws IOException {
    this.dir = dir;
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
  }

  static TenantShard open(Path dir, int dimension, HnswParams hnsw) {
    FSDirectory directory = null;
    try {
      directory = FSDirectory.open(dir);
      IndexWriterConfig config = new IndexWriterConfig(Docs.analyzer());
      config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
      config.setCodec(
          new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
              return new Lucene99HnswVectorsFormat(hnsw.maxConnections(), hnsw.beamWidth());
            }
          });
      config.setMergePolicy(new PurgingMergePolicy(new TieredMergePolicy()));
      IndexWriter writer = new IndexWriter(directory, config);
      // Commit an empty index at once, so that a tenant created but not yet written still reopens.
      writer.commit();
      return new TenantShard(dir, directory, writer);
    } catch (IOException e) {
      closeQuietly(directory);
      throw new IndexException("cannot open tenant index at " + dir + ": " + e.getMessage(), e);
    }
  }

  void upsertAll(List<Entry> entries) {
    try {
      for (Entry e : entries) {
        writer.updateDocument(new Term(Docs.ID, e.id()), Docs.toDocument(e));
      }
      writer.commit();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new IndexException("cannot write to " + dir + ": " + e.getMessage(), e);
    }
  }

  boolean delete(String id) {
    if (get(id).isEmpty()) {
      return false;
    }
    try {
      writer.deleteDocuments(new Term(Docs.ID, id));
      writer.commit();
      searchers.maybeRefreshBlocking();
      return true;
    } catch (IOException e) {
      throw new IndexException("cannot delete from " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Rewrites the segments that still hold these erased tickets, so that their text and vectors
   * leave the disk rather than waiting for a merge that may never come, and returns the ids no
   * longer on disk (in the last commit, which is what a restart finds). It rewrites whole segments
   * (HNSW graph included), so it runs in the background, not in the request that deleted. Old
   * versions left by re-upserts are rewritten along the way but never keep it going.
   */
  Set<String> purge(Set<String> erased) {
    try {
      return SegmentPurge.purge(writer, searchers, directory, erased);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Set.of();
    } catch (IOException e) {
      throw new IndexException(
          "cannot purge deleted tickets from " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Documents deleted but still present in a segment file. */
  int deletedDocuments() {
    return withSearcher(s -> s.getIndexReader().numDeletedDocs());
  }

  long count() {
    return withSearcher(s -> (long) s.getIndexReader().numDocs());
  }

  Optional<Entry> get(String id) {
    return withSearcher(
        s -> {
          TopDocs top = s.search(new TermQuery(new Term(Docs.ID, id)), 1);
          if (top.scoreDocs.length == 0) {
            return Optional.empty();
          }
          int doc = top.scoreDocs[0].doc;
          return Optional.of(Docs.toEntry(s.storedFields().document(doc), vectorOf(s, doc)));
        });
  }

  List<Hit> searchHnsw(float[] vector, int k, int candidates) {
    return withSearcher(
        s -> {
          Query q = new KnnFloatVectorQuery(Docs.VECTOR, vector, Math.max(k, candidates));
          TopDocs top = s.search(q, Math.max(k, candidates));
          List<Hit> hits = new ArrayList<>(k);
          for (ScoreDoc sd : top.scoreDocs) {
            if (hits.size() == k) {
              break;
            }
            hits.add(StoredDocs.hit(s, sd.doc, Docs.cosineFromScore(sd.score)));
          }
          return hits;
        });
  }

  /** Exact neighbours by a scan of every vector; see {@link ExactScan}. */
  List<Hit> searchExact(float[] vector, int k) {
    return withSearcher(s -> ExactScan.topK(s, vector, k));
  }

  /**
   * BM25 top k. Lucene orders equal scores by document number; they are re-ordered by id, as the
   * pgvector backend orders them, after fetching enough extra hits to see every tie at the k-th
   * score (rarely more than k).
   */
  List<Hit> searchText(String text, int k) {
    return withSearcher(
        s -> {
          Query q = Docs.lexicalQuery(text, s);
          if (q == null) {
            return List.of();
          }
          int n = k;
          TopDocs top = s.search(q, n);
          while (top.scoreDocs.length == n
              && top.scoreDocs[n - 1].score == top.scoreDocs[k - 1].score
              && n < s.getIndexReader().numDocs()) {
            n *= 2;
            top = s.search(q, n);
          }
          List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
          for (ScoreDoc sd : top.scoreDocs) {
            hits.add(StoredDocs.hit(s, sd.doc, sd.score));
          }
          hits.sort(Comparator.comparingDouble((Hit h) -> -h.score()).thenComparing(Hit::id));
          return hits.size() > k ? new ArrayList<>(hits.subList(0, k)) : hits;
        });
  }

  void forEach(Consumer<Entry> visitor) {
    withSearcher(
        s -> {
          for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Bits live = leaf.reader().getLiveDocs();
            FloatVectorValues values = leaf.reader().getFloatVectorValues(Docs.VECTOR);
            var stored = leaf.reader().storedFields();
            KnnVectorValues.DocIndexIterator it = values == null ? null : values.iterator();
            for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
              if (live != null && !live.get(doc)) {
                continue;
              }
              float[] vector = null;
              if (it != null
                  && (it.docID() == doc || (it.docID() < doc && it.advance(doc) == doc))) {
                vector = values.vectorValue(it.index()).clone();
              }
              Document d = stored.document(doc);
              visitor.accept(Docs.toEntry(d, vector));
            }
          }
          return null;
        });
  }

  long sizeInBytes() {
    try {
      long total = 0;
      for (String file : directory.listAll()) {
        total += directory.fileLength(file);
      }
      return total;
    } catch (IOException e) {
      return -1;
    }
  }

  private float[] vectorOf(IndexSearcher s, int doc) throws IOException {
    LeafReaderContext leaf =
        s.getIndexReader()
            .leaves()
            .get(org.apache.lucene.index.ReaderUtil.subIndex(doc, s.getIndexReader().leaves()));
    FloatVectorValues values = leaf.reader().getFloatVectorValues(Docs.VECTOR);
    KnnVectorValues.DocIndexIterator it = values.iterator();
    int local = doc - leaf.docBase;
    return it.advance(local) == local ? values.vectorValue(it.index()).clone() : null;
  }

  private <T> T withSearcher(SearchFn<T> fn) {
    IndexSearcher s;
    try {
      s = searchers.acquire();
    } catch (IOException | org.apache.lucene.store.AlreadyClosedException e) {
      throw new IndexException("index at " + dir + " is not open", e);
    }
    try {
      return fn.apply(s);
    } catch (IOException e) {
      throw new IndexException("cannot read " + dir + ": " + e.getMessage(), e);
    } finally {
      try {
        searchers.release(s);
      } catch (IOException e) {
        throw new IndexException("cannot release searcher of " + dir, e);
      }
    }
  }

  /**
   * Every write was committed when it was acknowledged, so the writer is rolled back rather than
   * closed: closing would wait for a running merge (a purge can take minutes), rolling back aborts
   * it and loses nothing.
   */
  @Override
  public void close() {
    try {
      searchers.close();
      writer.rollback();
    } catch (IOException e) {
      throw new IndexException("cannot close " + dir, e);
    } finally {
      closeQuietly(directory);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing after a failure: the first error is the one that matters
      }
    }
  }

  @FunctionalInterface
  private interface SearchFn<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }
}
