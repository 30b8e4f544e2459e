package dev.sift.index.pgvector;

/**
 * The BM25 postings in {@code sift_posting}: one row per ticket and distinct term, written with the
 * ticket. Each one is scoped by tenant (the first key column).
 */
final class PostingSql {

  private PostingSql() {}

  /**
   * Removes a ticket's postings before they are written anew (an upsert) or for good (a delete).
   */
  static final String DELETE_POSTINGS =
      """
      DELETE FROM sift_posting WHERE tenant = ? AND id = ?
      """;

  /** One posting per distinct term of the analysed tokens, with its frequency in the ticket. */
  static final String INSERT_POSTINGS =
      """
      INSERT INTO sift_posting (tenant, term, id, tf, norm_length)
      SELECT ?, t.term, ?, count(*), ?
        FROM unnest(?::text[]) AS t(term)
       GROUP BY t.term
      """;

  static final String DELETE_STAGED_POSTINGS =
      """
      DELETE FROM sift_posting p
       USING sift_ticket_staging s
       WHERE p.tenant = ? AND p.id = s.id
      """;

  static final String INSERT_STAGED_POSTINGS =
      """
      INSERT INTO sift_posting (tenant, term, id, tf, norm_length)
      SELECT ?, t.term, s.id, count(*), s.norm_length
        FROM sift_ticket_staging s, unnest(string_to_array(s.tokens, ' ')) AS t(term)
       GROUP BY s.id, t.term, s.norm_length
      """;

  /** Moves a finished rebuild's postings from its staging name to the tenant. */
  static final String RENAME_TENANT_POSTINGS =
      """
      UPDATE sift_posting SET tenant = ? WHERE tenant = ?
      """;

  static final String DELETE_TENANT_POSTINGS =
      """
      DELETE FROM sift_posting WHERE tenant = ?
      """;
}
