package dev.sift.index.lucene;

import dev.sift.index.Entry;
import dev.sift.index.HnswParams;
import dev.sift.index.Hit;
import dev.sift.index.IndexException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
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
import org.apache.lucene.util.VectorUtil;

/** One tenant's Lucene index: a writer that commits every acknowledged write, and a searcher kept fresh. */
final class TenantShard implements AutoCloseable {

  /** Forced merges tried per purge, a pause apart; what a running merge still holds is left to the next purge. */
  private static final int PURGE_ROUNDS = 100;
  private static final long PURGE_RETRY_MILLIS = 200;
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
      config.setCodec(new Lucene104Codec() {
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
   * Rewrites the segments that still hold these erased tickets, so that their text and vectors leave the disk rather
   * than waiting for a merge that may never come, and returns the ids no longer on disk (in the last commit, which is
   * what a restart finds). It rewrites whole segments (HNSW graph included), so it runs in the background, not in the
   * request that deleted. Old versions left by re-upserts are rewritten along the way but never keep it going.
   */
  Set<String> purge(Set<String> erased) {
    try {
      Set<String> left = onDisk(erased);
      // A segment in a natural merge (say, after an import) is skipped by the forced merge, and that merge carries
      // the delete into its result: wait for it and go again, a bounded number of times.
      for (int round = 0; round < PURGE_ROUNDS && !left.isEmpty(); round++) {
        if (round > 0) {
          Thread.sleep(PURGE_RETRY_MILLIS);
        }
        writer.forceMergeDeletes(true);
        writer.commit();
        searchers.maybeRefreshBlocking();
        // The merged-away segment's files go once no reader holds them; a search that held the old reader when the
        // refresh released it leaves them to the next commit, so drop them now: the purge is done when they are gone.
        writer.deleteUnusedFiles();
        left = onDisk(left);
      }
      Set<String> gone = new java.util.HashSet<>(erased);
      gone.removeAll(left);
      return gone;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Set.of();
    } catch (IOException e) {
      throw new IndexException("cannot purge deleted tickets from " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The ids of which the last commit still holds a deleted document (a live one means it was stored again). */
  private Set<String> onDisk(Set<String> ids) throws IOException {
    Set<String> found = new java.util.HashSet<>();
    try (DirectoryReader commit = DirectoryReader.open(directory)) {
      for (LeafReaderContext leaf : commit.leaves()) {
        Bits live = leaf.reader().getLiveDocs();
        if (live == null) {
          continue; // nothing deleted in this segment
        }
        for (String id : ids) {
          org.apache.lucene.index.PostingsEnum docs = leaf.reader().postings(new Term(Docs.ID, id));
          if (docs == null) {
            continue;
          }
          for (int d = docs.nextDoc(); d != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS; d = docs.nextDoc()) {
            if (!live.get(d)) {
              found.add(id);
            }
          }
        }
      }
    }
    return found;
  }

  /** Documents deleted but still present in a segment file. */
  int deletedDocuments() {
    return withSearcher(s -> s.getIndexReader().numDeletedDocs());
  }

  long count() {
    return withSearcher(s -> (long) s.getIndexReader().numDocs());
  }

  Optional<Entry> get(String id) {
    return withSearcher(s -> {
      TopDocs top = s.search(new TermQuery(new Term(Docs.ID, id)), 1);
      if (top.scoreDocs.length == 0) {
        return Optional.empty();
      }
      int doc = top.scoreDocs[0].doc;
      return Optional.of(Docs.toEntry(s.storedFields().document(doc), vectorOf(s, doc)));
    });
  }

  List<Hit> searchHnsw(float[] vector, int k, int candidates) {
    return withSearcher(s -> {
      Query q = new KnnFloatVectorQuery(Docs.VECTOR, vector, Math.max(k, candidates));
      TopDocs top = s.search(q, Math.max(k, candidates));
      List<Hit> hits = new ArrayList<>(k);
      for (ScoreDoc sd : top.scoreDocs) {
        if (hits.size() == k) {
          break;
        }
        hits.add(Docs.toHit(s.storedFields().document(sd.doc), Docs.cosineFromScore(sd.score)));
      }
      return hits;
    });
  }

  /**
   * Scans every vector: exact neighbours, and cheap for small tenants. Equal scores (duplicate tickets) are ordered
   * by id, as the pgvector backend orders them, so that both return the same neighbours.
   */
  List<Hit> searchExact(float[] vector, int k) {
    return withSearcher(s -> {
      var stored = s.storedFields();
      Comparator<Candidate> worstFirst = Comparator.comparingDouble((Candidate c) -> c.score)
          .thenComparing(c -> c.id(stored), Comparator.reverseOrder());
      PriorityQueue<Candidate> best = new PriorityQueue<>(k + 1, worstFirst);
      for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
        FloatVectorValues values = leaf.reader().getFloatVectorValues(Docs.VECTOR);
        if (values == null) {
          continue;
        }
        Bits live = leaf.reader().getLiveDocs();
        KnnVectorValues.DocIndexIterator it = values.iterator();
        for (int doc = it.nextDoc(); doc != KnnVectorValues.DocIndexIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
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
        hits.add(Docs.toHit(stored.document(c.doc), c.score));
      }
      return hits;
    });
  }

  /** A scored document whose id is read from stored fields only when a tie needs it. */
  private static final class Candidate {
    final int doc;
    final float score;
    private String id;

    Candidate(int doc, float score) {
      this.doc = doc;
      this.score = score;
    }

    String id(StoredFields stored) {
      if (id == null) {
        try {
          id = stored.document(doc, Set.of(Docs.ID)).get(Docs.ID);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return id;
    }
  }

  /**
   * BM25 top k. Lucene orders equal scores by document number; they are re-ordered by id, as the pgvector backend
   * orders them, after fetching enough extra hits to see every tie at the k-th score (rarely more than k).
   */
  List<Hit> searchText(String text, int k) {
    Query q = Docs.lexicalQuery(text);
    if (q == null) {
      return List.of();
    }
    return withSearcher(s -> {
      int n = k;
      TopDocs top = s.search(q, n);
      while (top.scoreDocs.length == n && top.scoreDocs[n - 1].score == top.scoreDocs[k - 1].score
          && n < s.getIndexReader().numDocs()) {
        n *= 2;
        top = s.search(q, n);
      }
      List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc sd : top.scoreDocs) {
        hits.add(Docs.toHit(s.storedFields().document(sd.doc), sd.score));
      }
      hits.sort(Comparator.comparingDouble((Hit h) -> -h.score()).thenComparing(Hit::id));
      return hits.size() > k ? new ArrayList<>(hits.subList(0, k)) : hits;
    });
  }

  void forEach(Consumer<Entry> visitor) {
    withSearcher(s -> {
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
          if (it != null && (it.docID() == doc || (it.docID() < doc && it.advance(doc) == doc))) {
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

  /**
   * Natural merges as Lucene's tiered policy makes them; a purge (a forced merge of deletes) rewrites each segment
   * that holds a deleted document by itself, however few it holds. The tiered policy would skip a segment whose
   * share of deletes is small, or join it to others, and a purge must neither leave text behind nor rewrite more
   * than the segments that hold it.
   */
  static final class PurgingMergePolicy extends org.apache.lucene.index.FilterMergePolicy {
    PurgingMergePolicy(org.apache.lucene.index.MergePolicy in) {
      super(in);
    }

    @Override
    public MergeSpecification findForcedDeletesMerges(org.apache.lucene.index.SegmentInfos infos,
        MergeContext context) throws IOException {
      MergeSpecification spec = null;
      java.util.Set<org.apache.lucene.index.SegmentCommitInfo> merging = context.getMergingSegments();
      for (org.apache.lucene.index.SegmentCommitInfo info : infos) {
        if (!merging.contains(info) && context.numDeletesToMerge(info) > 0) {
          if (spec == null) {
            spec = new MergeSpecification();
          }
          spec.add(new OneMerge(List.of(info)));
        }
      }
      return spec;
    }
  }

  private float[] vectorOf(IndexSearcher s, int doc) throws IOException {
    LeafReaderContext leaf = s.getIndexReader().leaves().get(
        org.apache.lucene.index.ReaderUtil.subIndex(doc, s.getIndexReader().leaves()));
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
   * Every write was committed when it was acknowledged, so the writer is rolled back rather than closed: closing
   * would wait for a running merge (a purge can take minutes), rolling back aborts it and loses nothing.
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
