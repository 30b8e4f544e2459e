package dev.sift.service.access;

import java.util.List;
import java.util.Optional;

/**
 * Where key hashes live: a file in the data directory for the embedded default, a table in
 * PostgreSQL for replicas that share the pgvector backend. A key is durable once {@link #add}
 * returns.
 */
interface KeyStore {

  void add(ApiKey key);

  Optional<ApiKey> byHash(String sha256);

  Optional<ApiKey> byId(String id);

  /** Every key, revoked ones included, oldest first. */
  List<ApiKey> all();

  /** Marks the key revoked; false when there is no live key with that id. */
  boolean revoke(String id, java.time.Instant at);
}
