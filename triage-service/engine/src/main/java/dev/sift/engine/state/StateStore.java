package dev.sift.engine.state;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One kind of per-tenant engine state (tenant fits, the incident window, …): a versioned blob per
 * tenant, and an append-only log per tenant. Files serve one instance ({@link FileStateStore});
 * PostgreSQL serves replicas that share it ({@link PgStateStore}). Every operation is scoped by
 * tenant.
 */
public interface StateStore {

  /**
   * The stored state: its version (1 for the first write, growing by one with each) and its
   * content.
   */
  record Versioned(long version, byte[] content) {}

  /**
   * The state when a change runs: {@code version} 0 when there is none; {@code content} null when
   * there is none or when the caller said it already holds that version.
   */
  record Current(long version, byte[] content) {}

  /**
   * What a change decided: the new content (null leaves the state as it was) and a value for the
   * caller.
   */
  record Result<T>(byte[] content, T value) {}

  /** The version stored after an update, and the change's value. */
  record Applied<T>(long version, T value) {}

  @FunctionalInterface
  interface Change<T> {
    Result<T> apply(Current current);
  }

  /**
   * Opens the store of one kind of state; {@link #FITS} and {@link #INCIDENTS} are the engine's.
   */
  @FunctionalInterface
  interface Factory {
    StateStore open(String kind);
  }

  /**
   * Tenant fits ({@code TenantFit}). Stored under the older name "models" (the directory {@code
   * <data-dir>/models}, the kind column of PostgreSQL state), so existing data still loads.
   */
  String FITS = "models";

  String INCIDENTS = "incidents";

  /**
   * Whether other processes read and write the same state. When false the caller may keep state in
   * memory and write it behind; when true it must update through {@link #update} and check versions
   * before trusting memory.
   */
  boolean shared();

  Optional<Versioned> read(String tenant);

  /** The stored version without the content: a cheap staleness check. */
  OptionalLong version(String tenant);

  /** Replaces the tenant's state; returns the new version. */
  long write(String tenant, byte[] content);

  /**
   * Reads, changes and writes the tenant's state while holding it exclusively: no other update of
   * the same tenant, in this process or (when {@link #shared()}) in another, runs in between.
   *
   * @param knownVersion the version the caller holds in memory: when it is current, the content is
   *     not read
   */
  <T> Applied<T> update(String tenant, long knownVersion, Change<T> change);

  boolean delete(String tenant);

  /** Tenants with stored state. */
  Set<String> tenants();

  /** Receives a log record with its sequence number. */
  @FunctionalInterface
  interface LogVisitor {
    void visit(long seq, byte[] record);
  }

  /**
   * Appends one record to the tenant's log, durably, and returns its sequence number: positive,
   * growing with each append of the tenant. One tenant's records become visible in number order,
   * even from concurrent replicas, so a reader that has seen number n can follow the log by reading
   * after n.
   */
  long append(String tenant, byte[] record);

  /**
   * Appends records in order, durably and at once (one sync, one transaction); returns their
   * numbers.
   */
  long[] appendAll(String tenant, List<byte[]> records);

  /** The tenant's log records numbered above {@code afterSeq}, oldest first. */
  void readLog(String tenant, long afterSeq, LogVisitor visitor);

  /** The tenant's log records, oldest first. */
  default void readLog(String tenant, Consumer<byte[]> visitor) {
    readLog(tenant, 0, (seq, record) -> visitor.accept(record));
  }

  /** Drops the tenant's log records numbered below {@code keepFromSeq}. */
  void truncateLog(String tenant, long keepFromSeq);

  /** A log record and its sequence number. */
  record LogRecord(long seq, byte[] content) {}

  /**
   * How far a caller has read a tenant's journal (snapshot and log): the snapshot's version and the
   * last log record it applied. {@code new Position(0, 0)} has read nothing.
   */
  record Position(long version, long seq) {
    public static final Position NOTHING = new Position(0, 0);
  }

  /**
   * The journal when a journaled change runs. When {@code reloaded}, the snapshot changed since the
   * caller's position (or it holds none): {@code snapshot} is the stored one (null when there is
   * none, or it was deleted) and {@code log} every record after it, so the caller rebuilds from
   * both. Otherwise {@code snapshot} is null and {@code log} holds the records after the caller's
   * position.
   *
   * @param hasSnapshot whether a snapshot is stored; a journal without one must write one before
   *     its first log record, so that a later delete moves the version and replicas see it
   */
  record Journal(boolean reloaded, byte[] snapshot, boolean hasSnapshot, List<LogRecord> log) {}

  /**
   * What a journaled change decided: a new {@code snapshot} replaces the state and drops the whole
   * log (compaction, or a change that must leave nothing of the old records behind, such as an
   * erasure); else the {@code append} records go on the log; neither leaves the journal as it was.
   */
  record Entries<T>(byte[] snapshot, List<byte[]> append, T value) {}

  /** The caller's position after a journaled change, and the change's value. */
  record Logged<T>(Position position, T value) {}

  @FunctionalInterface
  interface JournaledChange<T> {
    Entries<T> apply(Journal journal);
  }

  /**
   * Reads what the caller has not seen of the tenant's snapshot and log, changes it and writes the
   * change, all while holding the tenant exclusively, as {@link #update} does. A change that
   * appends costs the size of its records rather than of the whole state, and a caller that is up
   * to date reads nothing but the new records of others. Other callers see the change when this
   * returns; it is on disk then, or (PostgreSQL) within a fraction of a second after.
   */
  <T> Logged<T> updateJournal(String tenant, Position known, JournaledChange<T> change);
}
