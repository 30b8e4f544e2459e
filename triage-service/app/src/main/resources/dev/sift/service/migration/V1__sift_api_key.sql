-- API keys shared by every replica on the pgvector backend. Only the SHA-256 of a key is stored.
CREATE TABLE IF NOT EXISTS sift_api_key (
    id          text PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('ADMIN', 'TENANT')),
    tenant      text,
    sha256      text NOT NULL UNIQUE,
    name        text,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    CHECK ((kind = 'ADMIN') = (tenant IS NULL))
);
