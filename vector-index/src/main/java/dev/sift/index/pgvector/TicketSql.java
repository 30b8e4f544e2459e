package dev.sift.index.pgvector;

/**
 * The rows of {@code sift_ticket}: single writes, the binary COPY through a staging table, reads
 * and tenant-wide changes. Each one is scoped by tenant (the first key column).
 */
final class TicketSql {

  private TicketSql() {}

  /**
   * A written row starts outside the HNSW graph (graphed = false): {@link GraphMaintenance} moves
   * it in later.
   */
  static final String UPSERT =
      """
      INSERT INTO sift_ticket (tenant, id, embedding, text, attributes, doc_length, norm_length, graphed)
      VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, false)
      ON CONFLICT (tenant, id) DO UPDATE
        SET embedding = excluded.embedding, text = excluded.text, attributes = excluded.attributes,
            doc_length = excluded.doc_length, norm_length = excluded.norm_length, graphed = false
      """;

  /**
   * Staging table for binary COPY; dropped at commit. The vector is unconstrained here, checked on
   * insert. {@code tokens} are the analysed tokens joined by spaces (an analysed token never
   * contains one).
   */
  static final String CREATE_STAGING =
      """
      CREATE TEMP TABLE sift_ticket_staging (
        id text NOT NULL, embedding vector NOT NULL, text text NOT NULL, attributes jsonb NOT NULL,
        doc_length integer NOT NULL, norm_length integer NOT NULL, tokens text NOT NULL,
        n bigserial
      ) ON COMMIT DROP
      """;

  static final String COPY_STAGING =
      """
      COPY sift_ticket_staging (id, embedding, text, attributes, doc_length, norm_length, tokens)
      FROM STDIN (FORMAT binary)
      """;

  /** The last of duplicate ids in one batch wins, as a sequence of single upserts would. */
  static final String DEDUPLICATE_STAGING =
      """
      DELETE FROM sift_ticket_staging s
       USING sift_ticket_staging later
       WHERE later.id = s.id AND later.n > s.n
      """;

  static final String MERGE_STAGING =
      """
      INSERT INTO sift_ticket (tenant, id, embedding, text, attributes, doc_length, norm_length, graphed)
      SELECT ?, id, embedding, text, attributes, doc_length, norm_length, false
        FROM sift_ticket_staging
      ON CONFLICT (tenant, id) DO UPDATE
        SET embedding = excluded.embedding, text = excluded.text, attributes = excluded.attributes,
            doc_length = excluded.doc_length, norm_length = excluded.norm_length, graphed = false
      """;

  static final String DELETE =
      """
      DELETE FROM sift_ticket WHERE tenant = ? AND id = ?
      """;

  static final String DELETE_TENANT =
      """
      DELETE FROM sift_ticket WHERE tenant = ?
      """;

  /** Moves a finished rebuild's rows from its staging name to the tenant. */
  static final String RENAME_TENANT =
      """
      UPDATE sift_ticket SET tenant = ?, graphed = false WHERE tenant = ?
      """;

  static final String COUNT =
      """
      SELECT count(*) FROM sift_ticket WHERE tenant = ?
      """;

  /** One probe of the primary key, where listing every tenant would walk them all. */
  static final String HAS_TENANT =
      """
      SELECT EXISTS (SELECT 1 FROM sift_ticket WHERE tenant = ?)
      """;

  /**
   * vector_send gives the binary form (dimension, unused, big-endian floats): exact and fast to
   * decode.
   */
  static final String GET =
      """
      SELECT id, vector_send(embedding) AS embedding, text, attributes
        FROM sift_ticket
       WHERE tenant = ? AND id = ?
      """;

  static final String FOR_EACH =
      """
      SELECT id, vector_send(embedding) AS embedding, text, attributes
        FROM sift_ticket
       WHERE tenant = ?
      """;

  /**
   * Walks the primary key from tenant to tenant (a loose index scan) instead of reading every row.
   */
  static final String TENANTS =
      """
      WITH RECURSIVE t(tenant) AS (
        (SELECT tenant FROM sift_ticket ORDER BY tenant LIMIT 1)
        UNION ALL
        SELECT (SELECT s.tenant FROM sift_ticket s WHERE s.tenant > t.tenant ORDER BY s.tenant LIMIT 1)
          FROM t WHERE t.tenant IS NOT NULL
      )
      SELECT tenant FROM t WHERE tenant IS NOT NULL
      """;

  /** Heap bytes of the tenant's rows; indexes are shared between tenants and not counted. */
  static final String SIZE =
      """
      SELECT coalesce(sum(pg_column_size(s.*)), 0) FROM sift_ticket s WHERE tenant = ?
      """;
}
