-- The HNSW graph holds only rows that were moved into it after their write (docs/pgvector.md, "Writes and the
-- graph"). Maintaining the graph on every insert cost more than embedding the ticket (84 tickets/s for a COPY with
-- the graph maintained, 489 without), while tenants below the exact-search threshold never walk the graph at all.
--
-- Now a write stores the row with graphed = false: it is durable at commit without touching the graph. A
-- background task of PgVectorIndex sets graphed = true, in chunks, on the rows of tenants large enough to be
-- searched through the graph; a search of such a tenant walks the graph for its graphed rows and scans its
-- not-yet-graphed rows exactly, so it never misses a row, whatever the task's lag.

-- Rows written before this migration were all in the graph: they stay there (one index build below, cheaper than
-- moving them back row by row), and rows written from now on start outside it.
ALTER TABLE sift_ticket ADD COLUMN graphed boolean NOT NULL DEFAULT true;
ALTER TABLE sift_ticket ALTER COLUMN graphed SET DEFAULT false;

DROP INDEX IF EXISTS sift_ticket_embedding_hnsw;

-- As every build of the graph does (Sql.SET_BUILD_MEMORY): with the default 64 MB the build spills and is much slower.
SET LOCAL maintenance_work_mem = '1GB';

CREATE INDEX sift_ticket_embedding_hnsw ON sift_ticket
  USING hnsw (embedding vector_ip_ops) WITH (m = ${hnsw_m}, ef_construction = ${hnsw_ef_construction})
  WHERE graphed;

-- The rows still waiting for the graph, per tenant: the exact part of a large tenant's search, and the task's queue.
CREATE INDEX sift_ticket_ungraphed ON sift_ticket (tenant, id) WHERE NOT graphed;
