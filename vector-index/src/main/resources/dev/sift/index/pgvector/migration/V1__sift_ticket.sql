-- The pgvector backend's one table. Placeholders: ${dimension}, ${hnsw_m}, ${hnsw_ef_construction}.

-- Create the extension where this role may; otherwise explain what an administrator must do, instead of failing
-- later on an unknown type.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
    CREATE EXTENSION vector;
  END IF;
EXCEPTION
  WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'pgvector is not installed in this database and role % may not create it: run CREATE EXTENSION vector as a privileged role', current_user;
  WHEN undefined_file THEN
    RAISE EXCEPTION 'the server does not offer the pgvector extension; install it (scripts/install-pgvector.sh)';
END
$$;

CREATE TABLE sift_ticket (
  tenant      text        NOT NULL,
  id          text        NOT NULL,
  -- L2-normalised, so the inner product is the cosine, as in the Lucene backend.
  embedding   vector(${dimension}) NOT NULL,
  text        text        NOT NULL,
  attributes  jsonb       NOT NULL DEFAULT '{}',
  text_search tsvector    GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  PRIMARY KEY (tenant, id)
);

CREATE INDEX sift_ticket_embedding_hnsw ON sift_ticket
  USING hnsw (embedding vector_ip_ops) WITH (m = ${hnsw_m}, ef_construction = ${hnsw_ef_construction});

CREATE INDEX sift_ticket_text_search_gin ON sift_ticket USING gin (text_search);
