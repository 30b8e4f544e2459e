package dev.sift.index.pgvector;

/** Every statement of the pgvector backend. Each one is scoped by tenant (the first key column). */
final class Sql {

  private Sql() {}

  /** The declared dimension of the embedding column: a vector(n) column's type modifier is n. */
  static final String COLUMN_DIMENSION = """
      SELECT a.atttypmod
        FROM pg_attribute a
       WHERE a.attrelid = 'sift_ticket'::regclass AND a.attname = 'embedding'
      """;

  static final String UPSERT = """
      INSERT INTO sift_ticket (tenant, id, embedding, text, attributes)
      VALUES (?, ?, ?, ?, ?::jsonb)
      ON CONFLICT (tenant, id) DO UPDATE
        SET embedding = excluded.embedding, text = excluded.text, attributes = excluded.attributes
      """;

  /** Staging table for binary COPY; dropped at commit. The vector is unconstrained here, checked on insert. */
  static final String CREATE_STAGING = """
      CREATE TEMP TABLE sift_ticket_staging (
        id text NOT NULL, embedding vector NOT NULL, text text NOT NULL, attributes jsonb NOT NULL
      ) ON COMMIT DROP
      """;

  static final String COPY_STAGING = """
      COPY sift_ticket_staging (id, embedding, text, attributes) FROM STDIN (FORMAT binary)
      """;

  /** DISTINCT ON keeps the last of duplicate ids in one batch, as a sequence of single upserts would. */
  static final String MERGE_STAGING = """
      INSERT INTO sift_ticket (tenant, id, embedding, text, attributes)
      SELECT DISTINCT ON (id) ?, id, embedding, text, attributes
        FROM (SELECT *, row_number() OVER () AS n FROM sift_ticket_staging) s
       ORDER BY id, n DESC
      ON CONFLICT (tenant, id) DO UPDATE
        SET embedding = excluded.embedding, text = excluded.text, attributes = excluded.attributes
      """;

  static final String DELETE = """
      DELETE FROM sift_ticket WHERE tenant = ? AND id = ?
      """;

  static final String DELETE_TENANT = """
      DELETE FROM sift_ticket WHERE tenant = ?
      """;

  /** Moves a finished rebuild's rows from its staging name to the tenant. */
  static final String RENAME_TENANT = """
      UPDATE sift_ticket SET tenant = ? WHERE tenant = ?
      """;

  /** Counts at most {@code limit} rows, so that deciding "is this tenant small?" costs at most that many. */
  static final String COUNT_UP_TO = """
      SELECT count(*) FROM (SELECT 1 FROM sift_ticket WHERE tenant = ? LIMIT ?) t
      """;

  static final String COUNT = """
      SELECT count(*) FROM sift_ticket WHERE tenant = ?
      """;

  /**
   * Exact neighbours: the materialised CTE keeps the planner from using the HNSW index (an ORDER BY over a CTE
   * cannot), so every vector of the tenant is scored. {@code <#>} is the negative inner product.
   */
  static final String SEARCH_EXACT = """
      WITH t AS MATERIALIZED (
        SELECT id, embedding, text, attributes FROM sift_ticket WHERE tenant = ?
      )
      SELECT id, -(embedding <#> ?::vector) AS score, text, attributes
        FROM t
       ORDER BY embedding <#> ?::vector, id
       LIMIT ?
      """;

  /**
   * Approximate neighbours through the HNSW index, filtered by tenant. With iterative scans (pgvector 0.8) the index
   * keeps returning candidates until enough of them belong to the tenant; relaxed order needs the outer sort.
   */
  static final String SEARCH_HNSW = """
      WITH t AS MATERIALIZED (
        SELECT id, embedding <#> ?::vector AS distance, text, attributes
          FROM sift_ticket
         WHERE tenant = ?
         ORDER BY embedding <#> ?::vector
         LIMIT ?
      )
      SELECT id, -distance AS score, text, attributes FROM t ORDER BY distance, id LIMIT ?
      """;

  static final String SET_ITERATIVE_SCAN = """
      SET LOCAL hnsw.iterative_scan = relaxed_order
      """;

  /** set_config rather than SET, because SET takes no bind parameters. */
  static final String SET_EF_SEARCH = """
      SELECT set_config('hnsw.ef_search', ?, true)
      """;

  /**
   * Full text: the query is built as {@code a or b or c} for websearch_to_tsquery, so any matching term counts, as
   * SHOULD clauses do in Lucene's BM25 query. {@code ts_rank_cd} (cover density) is the score.
   */
  static final String SEARCH_TEXT = """
      SELECT id, ts_rank_cd(text_search, q) AS score, text, attributes
        FROM sift_ticket, websearch_to_tsquery('english', ?) q
       WHERE tenant = ? AND text_search @@ q
       ORDER BY score DESC, id
       LIMIT ?
      """;

  /** vector_send gives the binary form (dimension, unused, big-endian floats): exact and fast to decode. */
  static final String GET = """
      SELECT id, vector_send(embedding) AS embedding, text, attributes
        FROM sift_ticket
       WHERE tenant = ? AND id = ?
      """;

  static final String FOR_EACH = """
      SELECT id, vector_send(embedding) AS embedding, text, attributes
        FROM sift_ticket
       WHERE tenant = ?
      """;

  /** Walks the primary key from tenant to tenant (a loose index scan) instead of reading every row. */
  static final String TENANTS = """
      WITH RECURSIVE t(tenant) AS (
        (SELECT tenant FROM sift_ticket ORDER BY tenant LIMIT 1)
        UNION ALL
        SELECT (SELECT s.tenant FROM sift_ticket s WHERE s.tenant > t.tenant ORDER BY s.tenant LIMIT 1)
          FROM t WHERE t.tenant IS NOT NULL
      )
      SELECT tenant FROM t WHERE tenant IS NOT NULL
      """;

  /** Heap bytes of the tenant's rows; indexes are shared between tenants and not counted. */
  static final String SIZE = """
      SELECT coalesce(sum(pg_column_size(s.*)), 0) FROM sift_ticket s WHERE tenant = ?
      """;
}
