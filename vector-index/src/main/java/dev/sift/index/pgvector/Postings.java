package dev.sift.index.pgvector;

import dev.sift.index.Hit;
import dev.sift.index.internal.LexicalTerms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The lexical side of the backend: table {@code sift_posting}, an inverted index of the tickets'
 * analysed terms, and BM25 over it. Every write here runs in the transaction of the ticket rows it
 * belongs to, so a ticket and its postings are never seen apart; the callers order the statements
 * (postings first when deleting).
 */
final class Postings {

  /** Array element type of the terms bound as one parameter. */
  private static final String TEXT_ARRAY = "text";

  private Postings() {}

  /**
   * Replaces the postings of each ticket by those of its analysed text (ids distinct, in one batch
   * each).
   */
  static void replace(Connection c, String tenant, Map<String, Analysed> byId) throws SQLException {
    try (PreparedStatement unpost = c.prepareStatement(PostingSql.DELETE_POSTINGS);
        PreparedStatement post = c.prepareStatement(PostingSql.INSERT_POSTINGS)) {
      for (Map.Entry<String, Analysed> e : byId.entrySet()) {
        unpost.setString(1, tenant);
        unpost.setString(2, e.getKey());
        unpost.addBatch();
        post.setString(1, tenant);
        post.setString(2, e.getKey());
        post.setInt(3, e.getValue().normLength());
        post.setArray(4, c.createArrayOf(TEXT_ARRAY, e.getValue().tokens().toArray()));
        post.addBatch();
      }
      unpost.executeBatch();
      post.executeBatch();
    }
  }

  /**
   * Replaces the postings of every ticket in the staging table of a binary COPY ({@link BulkLoad}).
   */
  static void replaceFromStaging(Connection c, String tenant) throws SQLException {
    for (String statement :
        List.of(PostingSql.DELETE_STAGED_POSTINGS, PostingSql.INSERT_STAGED_POSTINGS)) {
      Statements.update(c, statement, tenant);
    }
  }

  static void delete(Connection c, String tenant, String id) throws SQLException {
    try (PreparedStatement unpost = c.prepareStatement(PostingSql.DELETE_POSTINGS)) {
      unpost.setString(1, tenant);
      unpost.setString(2, id);
      unpost.executeUpdate();
    }
  }

  static void deleteTenant(Connection c, String tenant) throws SQLException {
    Statements.update(c, PostingSql.DELETE_TENANT_POSTINGS, tenant);
  }

  /** Moves a finished rebuild's postings from its staging name to the tenant. */
  static void renameTenant(Connection c, String tenant, String staging) throws SQLException {
    Statements.update(c, PostingSql.RENAME_TENANT_POSTINGS, tenant, staging);
  }

  /** BM25 top {@code k} of the tenant's tickets for already analysed query terms (not empty). */
  static List<Hit> search(Connection c, String tenant, List<String> terms, int k)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SearchSql.SEARCH_TEXT)) {
      ps.setArray(1, c.createArrayOf(TEXT_ARRAY, terms.toArray()));
      ps.setString(2, tenant);
      ps.setString(3, tenant);
      ps.setInt(4, LexicalTerms.MAX_SCORED_TERMS);
      ps.setDouble(5, LexicalTerms.BM25_K1);
      ps.setDouble(6, LexicalTerms.BM25_B);
      ps.setDouble(7, LexicalTerms.BM25_B);
      ps.setString(8, tenant);
      ps.setInt(9, k);
      ps.setString(10, tenant);
      return Rows.hits(ps);
    }
  }
}
