-- Engine state that replicas share when Sift runs on this backend (dev.sift.engine.state.PgStateStore): one versioned
-- blob per (kind, tenant) — fitted models, the major-incident window — and an append-only log per (kind, tenant).
-- The ticket index does not use these tables; they live in the one Flyway history so that one migration run sets up
-- the whole database.

CREATE TABLE sift_state (
  kind       text        NOT NULL,
  tenant     text        NOT NULL,
  -- 0 only for the placeholder row an update inserts to have something to lock; readers treat it as absent.
  version    bigint      NOT NULL,
  content    bytea       NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, tenant)
);

-- The incident window is rewritten on every observed ticket and holds float vectors, which pglz barely shrinks:
-- storing it uncompressed saves the attempt.
ALTER TABLE sift_state ALTER COLUMN content SET STORAGE EXTERNAL;

CREATE TABLE sift_state_log (
  kind       text        NOT NULL,
  tenant     text        NOT NULL,
  seq        bigint      GENERATED ALWAYS AS IDENTITY,
  content    bytea       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, tenant, seq)
);
