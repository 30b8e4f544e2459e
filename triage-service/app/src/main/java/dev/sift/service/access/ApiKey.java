package dev.sift.service.access;

import java.time.Instant;

/**
 * A stored API key: only the SHA-256 of the secret is kept. Keys carry at least 128 random bits, so
 * a fast hash is enough; a slow password hash would only slow every request.
 *
 * @param id public identifier, shown in listings and used to revoke
 * @param kind what the key may do
 * @param tenant the one tenant a tenant key is scoped to; null for admin keys
 * @param sha256 hex SHA-256 of the secret
 * @param name a label chosen by the admin, for people reading the listing
 * @param createdAt when the key was made
 * @param revokedAt when it was revoked; null while it is live
 */
public record ApiKey(
    String id,
    Kind kind,
    String tenant,
    String sha256,
    String name,
    Instant createdAt,
    Instant revokedAt) {

  /**
   * Admin keys reach every tenant and the admin endpoints; tenant keys reach their own tenant's
   * endpoints.
   */
  public enum Kind {
    ADMIN,
    TENANT
  }

  public boolean live() {
    return revokedAt == null;
  }

  public boolean admin() {
    return kind == Kind.ADMIN;
  }

  ApiKey revoked(Instant at) {
    return new ApiKey(id, kind, tenant, sha256, name, createdAt, at);
  }
}
