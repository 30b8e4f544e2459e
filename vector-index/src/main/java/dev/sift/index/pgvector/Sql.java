package dev.sift.index.pgvector;

/** Every statement of the pgvector backend. Each one is scoped by tenant (the first key column). */
final class Sql {

  private Sql() {}

  /** The declared dimension of the embedding column: a vector(n) column's type modifier is n. */
  static final String COLUMN_DIMENSION =
      """
      SELECT a.atttypmod
        FROM pg_attribute a
       WHERE a.attrelid = 'sift_ticket'::regclass AND a.attname = 'embedding'
      """;

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

  /** Moves a finished rebuild's postings from its staging name to the tenant. */
  static final String RENAME_TENANT_POSTINGS =
      """
      UPDATE sift_posting SET tenant = ? WHERE tenant = ?
      """;

  static final String DELETE_TENANT_POSTINGS =
      """
      DELETE FROM sift_posting WHERE tenant = ?
      """;

  /**
   * Counts at most {@code limit} rows, so that deciding "is this tenant small?" costs at most that
   * many.
   */
  static final String COUNT_UP_TO =
      """
      SELECT count(*) FROM (SELECT 1 FROM sift_ticket WHERE tenant = ? LIMIT ?) t
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
