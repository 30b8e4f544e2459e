package dev.sift.service.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Keys in PostgreSQL, so that a key made through one replica works on all of them. */
final class PgKeyStore implements KeyStore {

  private static final String MIGRATIONS = "classpath:dev/sift/service/migration";

  /** Separate from the index's history, so the service's tables migrate on their own. */
  private static final String SCHEMA_HISTORY_TABLE = "sift_service_schema_history";

  private static final String COLUMNS = "id, kind, tenant, sha256, name, created_at, revoked_at";
  private static final String INSERT =
      """
      INSERT INTO sift_api_key (id, kind, tenant, sha256, name, created_at) VALUES (?, ?, ?, ?, ?, ?)
      """;
  private static final String BY_HASH = "SELECT " + COLUMNS + " FROM sift_api_key WHERE sha256 = ?";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM sift_api_key WHERE id = ?";
  private static final String ALL =
      "SELECT " + COLUMNS + " FROM sift_api_key ORDER BY created_at, id";
  private static final String REVOKE =
      """
      UPDATE sift_api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL
      """;

  private final DataSource dataSource;

  PgKeyStore(DataSource dataSource) {
    this.dataSource = dataSource;
    Flyway.configure(getClass().getClassLoader())
        .dataSource(dataSource)
        .locations(MIGRATIONS)
        .table(SCHEMA_HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  @Override
  public void add(ApiKey key) {
    run(
        INSERT,
        ps -> {
          ps.setString(1, key.id());
          ps.setString(2, key.kind().name());
          ps.setString(3, key.tenant());
          ps.setString(4, key.sha256());
          ps.setString(5, key.name());
          ps.setTimestamp(6, Timestamp.from(key.createdAt()));
          ps.executeUpdate();
          return null;
        });
  }

  @Override
  public Optional<ApiKey> byHash(String sha256) {
    return run(
        BY_HASH,
        ps -> {
          ps.setString(1, sha256);
          return read(ps).stream().findFirst();
        });
  }

  @Override
  public Optional<ApiKey> byId(String id) {
    return run(
        BY_ID,
        ps -> {
          ps.setString(1, id);
          return read(ps).stream().findFirst();
        });
  }

  @Override
  public List<ApiKey> all() {
    return run(ALL, PgKeyStore::read);
  }

  @Override
  public boolean revoke(String id, Instant at) {
    return run(
        REVOKE,
        ps -> {
          ps.setTimestamp(1, Timestamp.from(at));
          ps.setString(2, id);
          return ps.executeUpdate() > 0;
        });
  }

  private static List<ApiKey> read(PreparedStatement ps) throws SQLException {
    List<ApiKey> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Timestamp revoked = rs.getTimestamp(7);
        out.add(
            new ApiKey(
                rs.getString(1),
                ApiKey.Kind.valueOf(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant(),
                revoked == null ? null : revoked.toInstant()));
      }
    }
    return out;
  }

  private interface Statement<T> {
    T run(PreparedStatement ps) throws SQLException;
  }

  private <T> T run(String sql, Statement<T> statement) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      return statement.run(ps);
    } catch (SQLException e) {
      throw new KeyStoreException("API key store: " + e.getMessage(), e);
    }
  }

  /** The key table cannot be read or written. */
  static final class KeyStoreException extends RuntimeException {
    KeyStoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
