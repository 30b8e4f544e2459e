-- Engine state that replicas share when Sift runs on PostgreSQL (dev.sift.engine.state.PgStateStore): one versioned
-- blob per (kind, tenant) — fitted models, the major-incident window, taxonomies, rebuild jobs — and an append-only
-- log per (kind, tenant) — the cold-start prediction log.
--
-- Until these tables moved into the engine's own history (sift_engine_schema_history) the index's migration V3
-- created them, with the same definitions. A database made then already has them: IF NOT EXISTS adopts them with
-- their rows, and on a new database this creates them.

CREATE TABLE IF NOT EXISTS sift_state (
  kind       text        NOT NULL,
  tenant     text        NOT NULL,
  -- 0 only for the placeholder row an update inserts to have something to lock; readers treat it as absent.
  version    bigint      NOT NULL,
  content    bytea       NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, tenant)
);

-- The incident window is rewritten on every observed ticket and holds float vectors, which pglz barely shrinks:
-- storing it uncompressed saves the attempt. (Setting it again on an adopted table changes nothing.)
ALTER TABLE sift_state ALTER COLUMN content SET STORAGE EXTERNAL;

CREATE TABLE IF NOT EXISTS sift_state_log (
  kind       text        NOT NULL,
  tenant     text        NOT NULL,
  seq        bigint      GENERATED ALWAYS AS IDENTITY,
  content    bytea       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, tenant, seq)
);
