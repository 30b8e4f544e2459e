package dev.sift.index.pgvector;

/**
 * The searches: exact and HNSW neighbours with their session settings, and BM25 over the postings.
 * Each one is scoped by tenant (the first key column).
 */
final class SearchSql {

  private SearchSql() {}

  /**
   * Counts at most {@code limit} rows, so that deciding "is this tenant small?" costs at most that
   * many.
   */
  static final String COUNT_UP_TO =
      """
      SELECT count(*) FROM (SELECT 1 FROM sift_ticket WHERE tenant = ? LIMIT ?) t
      """;

  /**
   * Exact neighbours: the materialised CTE keeps the planner from using the HNSW index (an ORDER BY
   * over a CTE cannot), so every vector of the tenant is scored. Only ids and distances are
   * materialised; the text and attributes are read for the k best alone. {@code <#>} is the
   * negative inner product.
   */
  static final String SEARCH_EXACT =
      """
      WITH t AS MATERIALIZED (
        SELECT id, embedding <#> ?::vector AS distance FROM sift_ticket WHERE tenant = ?
      ), top AS (
        SELECT id, distance FROM t ORDER BY distance, id LIMIT ?
      )
      SELECT top.id, -top.distance AS score, s.text, s.attributes
        FROM top JOIN sift_ticket s ON s.tenant = ? AND s.id = top.id
       ORDER BY top.distance, top.id
      """;

  /**
   * Approximate neighbours of a large tenant: its graphed rows through the HNSW index, filtered by
   * tenant (with pgvector 0.8's iterative scan the index keeps returning candidates until enough
   * belong to the tenant; relaxed order needs the outer sort), and its rows not yet in the graph
   * scored exactly, so that none is missed while {@link GraphMaintenance} catches up. The planner
   * takes the partial HNSW index for the first part because its predicate ({@code graphed}) is in
   * the query.
   */
  static final String SEARCH_HNSW =
      """
      WITH g AS MATERIALIZED (
        SELECT id, embedding <#> ?::vector AS distance
          FROM sift_ticket
         WHERE tenant = ? AND graphed
         ORDER BY embedding <#> ?::vector
         LIMIT ?
      ), d AS MATERIALIZED (
        SELECT id, embedding <#> ?::vector AS distance FROM sift_ticket WHERE tenant = ? AND NOT graphed
      ), top AS (
        SELECT id, distance FROM (SELECT * FROM g UNION ALL SELECT * FROM d) u ORDER BY distance, id LIMIT ?
      )
      SELECT top.id, -top.distance AS score, s.text, s.attributes
        FROM top JOIN sift_ticket s ON s.tenant = ? AND s.id = top.id
       ORDER BY top.distance, top.id
      """;

  static final String SET_ITERATIVE_SCAN =
      """
      SET LOCAL hnsw.iterative_scan = relaxed_order
      """;

  /** set_config rather than SET, because SET takes no bind parameters. */
  static final String SET_EF_SEARCH =
      """
      SELECT set_config('hnsw.ef_search', ?, true)
      """;

  /**
   * BM25 exactly as Lucene's {@code BM25Similarity} scores a disjunction of term queries: for each
   * query term found in the ticket, {@code idf · tf / (tf + k1 · (1 − b + b · dl / avgdl))} with
   * {@code idf = ln(1 + (N − df + 0.5) / (df + 0.5))}; N and avgdl over the tenant's tickets that
   * have any token, dl as Lucene encodes it. Only the postings of the query terms are read.
   */
  static final String SEARCH_TEXT =
      """
      WITH q AS (
        SELECT DISTINCT term FROM unnest(?::text[]) AS q(term)
      ), s AS (
        SELECT count(*)::float8 AS n, sum(doc_length)::float8 / greatest(count(*), 1) AS avgdl
          FROM sift_ticket
         WHERE tenant = ? AND doc_length > 0
      ), w AS (
        SELECT p.term, ln(1 + (s.n - count(*) + 0.5) / (count(*) + 0.5)) AS idf
          FROM sift_posting p JOIN q USING (term), s
         WHERE p.tenant = ?
         GROUP BY p.term, s.n
         ORDER BY count(*), p.term COLLATE "C"
         LIMIT ?
      ), top AS (
        SELECT p.id, sum(w.idf * p.tf / (p.tf + ? * (1 - ? + ? * p.norm_length / s.avgdl))) AS score
          FROM sift_posting p JOIN w USING (term), s
         WHERE p.tenant = ?
         GROUP BY p.id
         ORDER BY score DESC, p.id
         LIMIT ?
      )
      SELECT top.id, top.score, t.text, t.attributes
        FROM top JOIN sift_ticket t ON t.tenant = ? AND t.id = top.id
       ORDER BY top.score DESC, top.id
      """;
}
