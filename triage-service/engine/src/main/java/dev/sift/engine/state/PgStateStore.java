package dev.sift.engine.state;

import dev.sift.index.TenantNames;
import dev.sift.index.internal.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * State shared by replicas in PostgreSQL: rows of {@code sift_state} and {@code sift_state_log} for
 * one kind (schema: the engine's own Flyway migrations, which {@link #open} runs). An update is one
 * short transaction holding the tenant's row under {@code SELECT … FOR UPDATE}, so replicas apply
 * their changes one after another, each on the state the previous one left.
 */
public final class PgStateStore implements StateStore {

  private static final int LOG_FETCH_SIZE = 500;

  private final DataSource dataSource;
  private final String kind;

  /**
   * Creates or upgrades the engine's tables in the database, then opens stores of any kind on them.
   *
   * @throws StateException when the tables cannot be migrated
   */
  public static StateStore.Factory open(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    StateSchema.migrate(dataSource);
    return kind -> new PgStateStore(dataSource, kind);
  }

  /**
   * @param kind which state this store holds, e.g. {@link StateStore#FITS}
   */
  private PgStateStore(DataSource dataSource, String kind) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public Optional<Versioned> read(String tenant) {
    return inTransaction(
        "read",
        tenant,
        c -> {
          try (PreparedStatement ps = keyed(c, StateSql.READ, tenant);
              ResultSet rs = ps.executeQuery()) {
            return rs.next()
                ? Optional.of(new Versioned(rs.getLong(1), rs.getBytes(2)))
                : Optional.empty();
          }
        });
  }

  @Override
  public OptionalLong version(String tenant) {
    return inTransaction(
        "read the version of",
        tenant,
        c -> {
          try (PreparedStatement ps = keyed(c, StateSql.VERSION, tenant);
              ResultSet rs = ps.executeQuery()) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
          }
        });
  }

  @Override
  public long write(String tenant, byte[] content) {
    return inTransaction(
        "write",
        tenant,
        c -> {
          try (PreparedStatement ps = keyed(c, StateSql.WRITE, tenant)) {
            ps.setBytes(3, content);
            return single(ps);
          }
        });
  }

  @Override
  public <T> Applied<T> update(String tenant, long knownVersion, Change<T> change) {
    return inTransaction(
        "update",
        tenant,
        c -> {
          long version = lockRow(c, tenant);
          byte[] content = null;
          // The content crosses the network only when another replica changed it since this one
          // last did.
          if (version > 0 && version != knownVersion) {
            try (PreparedStatement ps = keyed(c, StateSql.CONTENT, tenant);
                ResultSet rs = ps.executeQuery()) {
              rs.next();
              content = rs.getBytes(1);
            }
            if (content.length == 0) {
              content = null; // a tombstone: the state was deleted
            }
          }
          Result<T> result = change.apply(new Current(version, content));
          if (result.content() != null) {
            try (PreparedStatement ps = c.prepareStatement(StateSql.REPLACE)) {
              ps.setBytes(1, result.content());
              ps.setString(2, kind);
              ps.setString(3, tenant);
              version = single(ps);
            }
          }
          return new Applied<>(version, result.value());
        });
  }

  @Override
  public boolean delete(String tenant) {
    return inTransaction(
        "delete",
        tenant,
        c -> {
          // The row lock first: appends hold it too, so none can commit log rows this delete does
          // not see.
          lockRow(c, tenant);
          try (PreparedStatement log = keyed(c, StateSql.DELETE_LOG, tenant);
              PreparedStatement ps = keyed(c, StateSql.DELETE, tenant)) {
            log.executeUpdate();
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public Set<String> tenants() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(StateSql.TENANTS)) {
      ps.setString(1, kind);
      Set<String> tenants = new TreeSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tenants.add(rs.getString(1));
        }
      }
      return tenants;
    } catch (SQLException e) {
      throw new StateException("cannot list tenants with " + kind + " state: " + e.getMessage(), e);
    }
  }

  @Override
  public long append(String tenant, byte[] record) {
    return appendAll(tenant, List.of(record))[0];
  }

  @Override
  public long[] appendAll(String tenant, List<byte[]> records) {
    return inTransaction(
        "append to the log of",
        tenant,
        c -> {
          // Numbers are drawn under the tenant's row lock, held to commit: one tenant's appends
          // commit in the order of their numbers, so a reader that has seen number n has seen
          // every earlier one of that tenant.
          lockRow(c, tenant);
          long[] seqs = new long[records.size()];
          try (PreparedStatement ps = keyed(c, StateSql.APPEND, tenant)) {
            for (int i = 0; i < seqs.length; i++) {
              ps.setBytes(3, records.get(i));
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seqs[i] = rs.getLong(1);
              }
            }
          }
          return seqs;
        });
  }

  @Override
  public void readLog(String tenant, long afterSeq, LogVisitor visitor) {
    inTransaction(
        "read the log of",
        tenant,
        c -> {
          try (PreparedStatement ps = keyed(c, StateSql.READ_LOG, tenant)) {
            ps.setLong(3, afterSeq);
            ps.setFetchSize(LOG_FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                visitor.visit(rs.getLong(1), rs.getBytes(2));
              }
            }
          }
          return null;
        });
  }

  @Override
  public void truncateLog(String tenant, long keepFromSeq) {
    inTransaction(
        "truncate the log of",
        tenant,
        c -> {
          try (PreparedStatement ps = keyed(c, StateSql.TRUNCATE_LOG, tenant)) {
            ps.setLong(3, keepFromSeq);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public <T> Logged<T> updateJournal(String tenant, Position known, JournaledChange<T> change) {
    return inTransaction(
        "update the journal of", tenant, c -> PgJournal.update(c, kind, tenant, known, change));
  }

  private PreparedStatement keyed(Connection c, String sql, String tenant) throws SQLException {
    return keyed(c, sql, kind, tenant);
  }

  /** A statement whose first two parameters, kind and tenant, are bound. */
  static PreparedStatement keyed(Connection c, String sql, String kind, String tenant)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setString(1, kind);
    ps.setString(2, tenant);
    return ps;
  }

  /**
   * Locks the tenant's row until the transaction ends, creating it first if need be, and returns
   * its version (0 for no state yet).
   */
  private long lockRow(Connection c, String tenant) throws SQLException {
    try (PreparedStatement ps = keyed(c, StateSql.ENSURE_ROW, tenant)) {
      ps.executeUpdate();
    }
    try (PreparedStatement ps = keyed(c, StateSql.LOCK, tenant)) {
      return single(ps);
    }
  }

  static long single(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * One transaction (a cursor needs one too), committed on success and rolled back on any failure.
   */
  private <T> T inTransaction(String what, String tenant, Jdbc.Work<T> work) {
    TenantNames.require(tenant);
    return Jdbc.inTransaction(
        dataSource,
        work,
        e ->
            new StateException(
                "cannot "
                    + what
                    + " "
                    + kind
                    + " state of tenant "
                    + tenant
                    + ": "
                    + e.getMessage(),
                e));
  }
}
