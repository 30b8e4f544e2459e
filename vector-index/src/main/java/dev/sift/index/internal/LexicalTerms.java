package dev.sift.index.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.util.SmallFloat;

/**
 * The one text analysis of both backends (Lucene's {@link EnglishAnalyzer}: UAX#29 words,
 * possessives, lower case, English stop words, Porter stemming), and the BM25 parameters, so that
 * lexical search ranks the same on Lucene and on PostgreSQL. Not API.
 */
public final class LexicalTerms {

  /**
   * Lucene's BM25 defaults ({@code BM25Similarity()}): term-frequency saturation and length
   * normalisation.
   */
  public static final double BM25_K1 = 1.2;

  public static final double BM25_B = 0.75;

  /**
   * A query takes at most this many distinct terms, so that a pasted log file cannot build a huge
   * query.
   */
  public static final int MAX_QUERY_TERMS = 256;

  /**
   * Of a query's terms found in the tenant, only this many are scored: the rarest (fewest tickets
   * holding them, so the highest IDF; ties by term, so both backends pick alike). A ticket pasted
   * into triage has a hundred distinct terms or more, and the common ones cost the most (their
   * postings span most of the tenant: on an 8,500-ticket tenant the BM25 search was a quarter of a
   * triage's CPU and most of its allocation) while adding the least to any ticket's score. Lucene's
   * {@code MoreLikeThis} keeps 25 by the same rule.
   */
  public static final int MAX_SCORED_TERMS = 32;

  private static final Analyzer ANALYZER = new EnglishAnalyzer();

  private LexicalTerms() {}

  /** The analyzer that Lucene indexes the text field with. */
  public static Analyzer analyzer() {
    return ANALYZER;
  }

  /**
   * Every token of {@code text} in order, repeated as often as it occurs: what an indexed field
   * holds.
   */
  public static List<String> tokens(String text) {
    return analyse(text, Integer.MAX_VALUE, new ArrayList<>());
  }

  /**
   * The distinct tokens of a query, in order of first occurrence, at most {@link #MAX_QUERY_TERMS}.
   */
  public static List<String> queryTerms(String text) {
    return List.copyOf(analyse(text, MAX_QUERY_TERMS, new LinkedHashSet<>()));
  }

  /**
   * The document length BM25 sees in Lucene: the token count stored in one byte ({@link
   * SmallFloat#intToByte4}), exact up to 40 and rounded down beyond. PostgreSQL stores this value,
   * so both backends normalise alike.
   */
  public static int normLength(int tokens) {
    return SmallFloat.byte4ToInt(SmallFloat.intToByte4(tokens));
  }

  private static <C extends java.util.Collection<String>> C analyse(String text, int max, C into) {
    try (TokenStream ts = ANALYZER.tokenStream("text", text == null ? "" : text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (into.size() < max && ts.incrementToken()) {
        into.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new IllegalStateException("analysing an in-memory string cannot fail", e);
    }
    return into;
  }
}
