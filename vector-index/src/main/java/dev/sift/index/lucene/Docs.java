package dev.sift.index.lucene;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.Payload;
import dev.sift.index.internal.LexicalTerms;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/** How an {@link Entry} maps onto a Lucene document, and how text becomes a BM25 query. */
final class Docs {
  static final String ID = "id";
  static final String VECTOR = "vector";
  static final String TEXT = "text";
  private static final String ATTRIBUTE_PREFIX = "a.";

  private Docs() {}

  /** Shared with the pgvector backend, so that both rank lexical matches alike. */
  static Analyzer analyzer() {
    return LexicalTerms.analyzer();
  }

  static Document toDocument(Entry e) {
    Document d = new Document();
    d.add(new StringField(ID, e.id(), Field.Store.YES));
    // Vectors are unit length, so the dot product is the cosine and is the cheapest to score.
    d.add(new KnnFloatVectorField(VECTOR, e.vector(), VectorSimilarityFunction.DOT_PRODUCT));
    d.add(new TextField(TEXT, e.payload().text(), Field.Store.YES));
    e.payload().attributes().forEach((k, v) -> d.add(new StoredField(ATTRIBUTE_PREFIX + k, v)));
    return d;
  }

  static Entry toEntry(Document d, float[] vector) {
    return new Entry(d.get(ID), vector == null ? new float[0] : vector, payload(d));
  }

  static Hit toHit(Document d, float score) {
    return new Hit(d.get(ID), score, payload(d));
  }

  /** Lucene maps a dot product to (1 + dot) / 2 so that scores stay positive; this undoes it. */
  static float cosineFromScore(float score) {
    return 2 * score - 1;
  }

  /**
   * BM25 over the text's rarest terms in this index ({@link LexicalTerms#MAX_SCORED_TERMS}), or
   * null when none of them occurs. The term statistics read to choose them are the ones the query
   * scores with, so no term is looked up twice.
   */
  static Query lexicalQuery(String text, IndexSearcher searcher) throws IOException {
    List<Weighed> present = new ArrayList<>();
    for (String t : LexicalTerms.queryTerms(text)) {
      Term term = new Term(TEXT, t);
      TermStates states = TermStates.build(searcher, term, true);
      if (states.docFreq() > 0) {
        present.add(new Weighed(term, states));
      }
    }
    if (present.isEmpty()) {
      return null;
    }
    present.sort(
        Comparator.comparingInt((Weighed w) -> w.states().docFreq())
            .thenComparing(Weighed::term)); // UTF-8 byte order, as PostgreSQL's "C" collation
    BooleanQuery.Builder q = new BooleanQuery.Builder();
    for (Weighed w : present.subList(0, Math.min(present.size(), LexicalTerms.MAX_SCORED_TERMS))) {
      q.add(new TermQuery(w.term(), w.states()), BooleanClause.Occur.SHOULD);
    }
    return q.build();
  }

  private record Weighed(Term term, TermStates states) {}

  private static Payload payload(Document d) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (IndexableField f : d.getFields()) {
      if (f.name().startsWith(ATTRIBUTE_PREFIX)) {
        attributes.put(f.name().substring(ATTRIBUTE_PREFIX.length()), f.stringValue());
      }
    }
    return new Payload(d.get(TEXT), attributes);
  }
}
