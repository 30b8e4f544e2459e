package dev.sift.engine.state;

/**
 * The statements of {@link PgStateStore} on {@code sift_state} (one row per kind and tenant) and
 * {@code sift_state_log} (its append-only log).
 */
final class StateSql {

  static final String READ =
      """
      SELECT version, content FROM sift_state WHERE kind = ? AND tenant = ? AND version > 0 AND length(content) > 0
      """;
  static final String VERSION =
      """
      SELECT version FROM sift_state WHERE kind = ? AND tenant = ? AND version > 0
      """;
  static final String WRITE =
      """
      INSERT INTO sift_state (kind, tenant, version, content) VALUES (?, ?, 1, ?)
      ON CONFLICT (kind, tenant) DO UPDATE
        SET version = sift_state.version + 1, content = excluded.content, updated_at = now()
      RETURNING version
      """;

  /** A row to lock even before the first write; version 0 marks it as no state yet. */
  static final String ENSURE_ROW =
      """
      INSERT INTO sift_state (kind, tenant, version, content) VALUES (?, ?, 0, '')
      ON CONFLICT (kind, tenant) DO NOTHING
      """;

  static final String LOCK =
      """
      SELECT version FROM sift_state WHERE kind = ? AND tenant = ? FOR UPDATE
      """;

  /** For this transaction only: commit without waiting for the WAL flush ({@link PgJournal}). */
  static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit TO OFF";

  /** {@link #LOCK}, and whether a snapshot is stored (not none, not a tombstone). */
  static final String LOCK_JOURNAL =
      """
      SELECT version, length(content) > 0 FROM sift_state WHERE kind = ? AND tenant = ? FOR UPDATE
      """;

  static final String CONTENT =
      """
      SELECT content FROM sift_state WHERE kind = ? AND tenant = ?
      """;
  static final String REPLACE =
      """
      UPDATE sift_state SET version = version + 1, content = ?, updated_at = now()
       WHERE kind = ? AND tenant = ?
      RETURNING version
      """;

  /**
   * A delete leaves a tombstone (empty content, the next version) rather than removing the row:
   * versions never restart, so a replica holding the deleted state sees a newer version and drops
   * it, and can never mistake a recreated tenant's version for the one it holds.
   */
  static final String DELETE =
      """
      UPDATE sift_state SET version = version + 1, content = '', updated_at = now()
       WHERE kind = ? AND tenant = ? AND version > 0 AND length(content) > 0
      """;

  static final String DELETE_LOG =
      """
      DELETE FROM sift_state_log WHERE kind = ? AND tenant = ?
      """;
  static final String TENANTS =
      """
      SELECT tenant FROM sift_state WHERE kind = ? AND version > 0 AND length(content) > 0
      """;
  static final String APPEND =
      """
      INSERT INTO sift_state_log (kind, tenant, content) VALUES (?, ?, ?) RETURNING seq
      """;
  static final String READ_LOG =
      """
      SELECT seq, content FROM sift_state_log WHERE kind = ? AND tenant = ? AND seq > ? ORDER BY seq
      """;
  static final String TRUNCATE_LOG =
      """
      DELETE FROM sift_state_log WHERE kind = ? AND tenant = ? AND seq < ?
      """;

  private StateSql() {}
}
