package dev.sift.engine.state;

import dev.sift.engine.state.StateStore.Entries;
import dev.sift.engine.state.StateStore.Journal;
import dev.sift.engine.state.StateStore.JournaledChange;
import dev.sift.engine.state.StateStore.LogRecord;
import dev.sift.engine.state.StateStore.Logged;
import dev.sift.engine.state.StateStore.Position;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link PgStateStore#updateJournal} inside its transaction: the tenant's row locked as for any
 * update, the snapshot read only when it changed since the caller's position, the log read after
 * that position, and the change written as log rows or as a new snapshot that drops the log.
 *
 * <p>The incident window's transaction commits without waiting for its WAL to reach the disk
 * ({@code synchronous_commit off}, this transaction only): it is updated on the triage's path, and
 * a commit that waits for a flush waited up to 1.8 s behind other writes to the disk in the latency
 * benchmark. Other kinds' journals (a rebuild's record of live writes) wait for the flush when they
 * wrote something; an update that wrote nothing has nothing to wait for. Other replicas see the
 * change at once; a crash of PostgreSQL itself can lose the last fraction of a second of changes
 * (at most three times {@code wal_writer_delay}), as the files backend's write-behind can lose its
 * last second. Nothing is corrupted, and no ticket is lost: tickets are stored apart, with waiting
 * commits.
 */
final class PgJournal {

  private static final int LOG_FETCH_SIZE = 500;

  private PgJournal() {}

  static <T> Logged<T> update(
      Connection c, String kind, String tenant, Position known, JournaledChange<T> change)
      throws SQLException {
    if (StateStore.INCIDENTS.equals(kind)) {
      asyncCommit(c);
    }
    try (PreparedStatement ps = PgStateStore.keyed(c, StateSql.ENSURE_ROW, kind, tenant)) {
      ps.executeUpdate();
    }
    long version;
    boolean hasSnapshot;
    try (PreparedStatement ps = PgStateStore.keyed(c, StateSql.LOCK_JOURNAL, kind, tenant);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      version = rs.getLong(1);
      hasSnapshot = version > 0 && rs.getBoolean(2);
    }
    boolean reloaded = version != known.version();
    byte[] content = null;
    // The snapshot crosses the network only when another replica replaced it.
    if (reloaded && hasSnapshot) {
      try (PreparedStatement ps = PgStateStore.keyed(c, StateSql.CONTENT, kind, tenant);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        content = rs.getBytes(1);
      }
    }
    List<LogRecord> log = new ArrayList<>();
    long seq = reloaded ? 0 : known.seq();
    try (PreparedStatement ps = PgStateStore.keyed(c, StateSql.READ_LOG, kind, tenant)) {
      ps.setLong(3, seq);
      ps.setFetchSize(LOG_FETCH_SIZE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          log.add(new LogRecord(rs.getLong(1), rs.getBytes(2)));
        }
      }
    }
    if (!log.isEmpty()) {
      seq = log.getLast().seq();
    }
    Entries<T> entries = change.apply(new Journal(reloaded, content, hasSnapshot, log));
    if (entries.snapshot() == null && (entries.append() == null || entries.append().isEmpty())) {
      asyncCommit(c); // nothing written: nothing for the commit to wait for
    }
    if (entries.snapshot() != null) {
      try (PreparedStatement ps = c.prepareStatement(StateSql.REPLACE);
          PreparedStatement drop = PgStateStore.keyed(c, StateSql.DELETE_LOG, kind, tenant)) {
        ps.setBytes(1, entries.snapshot());
        ps.setString(2, kind);
        ps.setString(3, tenant);
        version = PgStateStore.single(ps);
        drop.executeUpdate();
      }
      seq = 0;
    } else if (entries.append() != null && !entries.append().isEmpty()) {
      try (PreparedStatement ps = PgStateStore.keyed(c, StateSql.APPEND, kind, tenant)) {
        for (byte[] record : entries.append()) {
          ps.setBytes(3, record);
          seq = PgStateStore.single(ps);
        }
      }
    }
    return new Logged<>(new Position(version, seq), entries.value());
  }

  private static void asyncCommit(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(StateSql.ASYNC_COMMIT)) {
      ps.execute();
    }
  }
}
