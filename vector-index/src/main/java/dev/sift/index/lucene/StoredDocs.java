package dev.sift.index.lucene;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sift.index.Hit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;

/**
 * Decoded stored fields of hits, by segment and document number. Decompressing stored fields was
 * most of a triage's own CPU time: a hybrid triage reads the 50 candidates of each retrieval, and
 * keeps 5. A segment never changes a document it holds (an update writes the new version to another
 * segment and marks the old one deleted, which searches skip), so an entry never goes stale; the
 * entries of merged-away segments age out. Keys hold the segment's core key, so one cache serves
 * every tenant's shard without mixing them: each shard is its own directory of segments. When a
 * segment closes (merged away, rewritten by a purge, or its tenant deleted) its entries are
 * dropped, so a deleted ticket's text stays in memory no longer than in the segment files.
 */
final class StoredDocs {

  /** About 32 MB of ticket text across all tenants. */
  static final long MAX_CHARS = 16_000_000;

  /** What a cached document costs beyond its characters (the id, the maps, the key). */
  private static final int ENTRY_OVERHEAD_CHARS = 64;

  private record Key(Object segment, int doc) {}

  /** Cached with score 0; each search puts its own score on a copy. */
  private static final Cache<Key, Hit> CACHE =
      Caffeine.newBuilder().maximumWeight(MAX_CHARS).weigher(StoredDocs::weight).build();

  /** Core keys of segments whose closing drops their entries; one listener per segment. */
  private static final Set<Object> LISTENING = ConcurrentHashMap.newKeySet();

  private StoredDocs() {}

  /** The hit for a document number of the searcher's reader. */
  static Hit hit(IndexSearcher s, int doc, float score) throws IOException {
    Hit h = decoded(s.getIndexReader(), doc);
    return new Hit(h.id(), score, h.payload());
  }

  /** The id of a document number of the searcher's reader. */
  static String id(IndexSearcher s, int doc) throws IOException {
    return decoded(s.getIndexReader(), doc).id();
  }

  private static Hit decoded(IndexReader reader, int doc) throws IOException {
    List<LeafReaderContext> leaves = reader.leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    int local = doc - leaf.docBase;
    IndexReader.CacheHelper core = leaf.reader().getCoreCacheHelper();
    if (core == null) {
      return decode(leaf, local);
    }
    try {
      return CACHE.get(
          new Key(core.getKey(), local),
          k -> {
            // Only on a miss: the segment's first entry registers the listener that drops them all.
            if (LISTENING.add(k.segment())) {
              core.addClosedListener(StoredDocs::dropSegment);
            }
            try {
              return decode(leaf, local);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void dropSegment(IndexReader.CacheKey segment) {
    CACHE.asMap().keySet().removeIf(k -> k.segment() == segment);
    LISTENING.remove(segment);
  }

  /** Whether any cached document's text contains {@code needle}: for erasure tests. */
  static boolean holdsText(String needle) {
    return CACHE.asMap().values().stream().anyMatch(d -> d.payload().text().contains(needle));
  }

  private static Hit decode(LeafReaderContext leaf, int local) throws IOException {
    return Docs.toHit(leaf.reader().storedFields().document(local), 0f);
  }

  private static int weight(Key key, Hit d) {
    int chars = ENTRY_OVERHEAD_CHARS + d.id().length() + d.payload().text().length();
    for (var e : d.payload().attributes().entrySet()) {
      chars += e.getKey().length() + e.getValue().length();
    }
    return chars;
  }
}
