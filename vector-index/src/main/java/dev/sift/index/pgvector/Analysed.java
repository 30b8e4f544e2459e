package dev.sift.index.pgvector;

import dev.sift.index.internal.LexicalTerms;
import java.util.List;

/**
 * A ticket text's tokens after the shared analysis, with BM25's document length and Lucene's
 * encoding of it.
 */
record Analysed(List<String> tokens, int length, int normLength) {

  static Analysed of(String text) {
    List<String> tokens = LexicalTerms.tokens(text);
    return new Analysed(tokens, tokens.size(), LexicalTerms.normLength(tokens.size()));
  }

  /** For the staging table's one text column; an analysed token never contains a space. */
  String joined() {
    return String.join(" ", tokens);
  }
}
