package dev.sift.index.pgvector;

/**
 * The schema and the HNSW graph: the embedding column, the index's definition and rebuild, and the
 * moves of rows into the graph.
 */
final class SchemaSql {

  private SchemaSql() {}

  /** The declared dimension of the embedding column: a vector(n) column's type modifier is n. */
  static final String COLUMN_DIMENSION =
      """
      SELECT a.atttypmod
        FROM pg_attribute a
       WHERE a.attrelid = 'sift_ticket'::regclass AND a.attname = 'embedding'
      """;

  /**
   * Tenants with rows outside the graph, walking the partial index of those rows from tenant to
   * tenant.
   */
  static final String UNGRAPHED_TENANTS =
      """
      WITH RECURSIVE t(tenant) AS (
        (SELECT tenant FROM sift_ticket WHERE NOT graphed ORDER BY tenant LIMIT 1)
        UNION ALL
        SELECT (SELECT s.tenant FROM sift_ticket s WHERE NOT s.graphed AND s.tenant > t.tenant
                 ORDER BY s.tenant LIMIT 1)
          FROM t WHERE t.tenant IS NOT NULL
      )
      SELECT tenant FROM t WHERE tenant IS NOT NULL
      """;

  /**
   * Moves up to {@code limit} of a tenant's rows into the HNSW graph. Rows a writer holds are
   * skipped rather than waited for (the next chunk takes them), so this never blocks a write for
   * longer than one chunk, and two replicas share the work instead of doing it twice.
   */
  static final String GRAPH_CHUNK =
      """
      UPDATE sift_ticket t SET graphed = true
        FROM (SELECT id FROM sift_ticket WHERE tenant = ? AND NOT graphed LIMIT ? FOR UPDATE SKIP LOCKED) p
       WHERE t.tenant = ? AND t.id = p.id
      """;

  static final String HNSW_INDEX_DEFINITION =
      """
      SELECT pg_get_indexdef(c.oid) FROM pg_class c WHERE c.relname = 'sift_ticket_embedding_hnsw'
      """;

  static final String DROP_HNSW_INDEX =
      """
      DROP INDEX IF EXISTS sift_ticket_embedding_hnsw
      """;

  /**
   * The graph of 200k 384-dim vectors takes about 0.5 GB; a build that overflows this is much
   * slower.
   */
  static final String SET_BUILD_MEMORY =
      """
      SET LOCAL maintenance_work_mem = '1GB'
      """;
}
