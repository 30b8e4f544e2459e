package dev.sift.index.pgvector;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database {@code sift_it_<random>} for one test class on the server named by {@code
 * SIFT_TEST_PG_URL} (default: the local server as postgres), dropped on close, so that concurrent
 * runs never see each other's rows. Without a server (or without pgvector) the tests are skipped,
 * unless {@code CI=true}: then they fail.
 */
public final class TestDatabase implements AutoCloseable {

  static final String URL_VARIABLE = "SIFT_TEST_PG_URL";
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
  private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?");
  private static final int POOL_SIZE = 8;
  private static final String EMPTY_INDEX_TABLES =
      """
      TRUNCATE sift_ticket, sift_posting
      """;

  private final String adminUrl;
  private final String name;
  private final HikariDataSource dataSource;

  private TestDatabase(String adminUrl, String name, HikariDataSource dataSource) {
    this.adminUrl = adminUrl;
    this.name = name;
    this.dataSource = dataSource;
  }

  public static TestDatabase create() {
    String adminUrl = System.getenv().getOrDefault(URL_VARIABLE, DEFAULT_URL);
    Matcher m = URL.matcher(adminUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          URL_VARIABLE + " must look like " + DEFAULT_URL + ", was " + adminUrl);
    }
    String name =
        "sift_it_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 12)
                .toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
      if (!rs.next()) {
        unavailable(
            "PostgreSQL at "
                + adminUrl
                + " does not offer pgvector (run scripts/install-pgvector.sh)",
            null);
      }
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      unavailable("PostgreSQL is not reachable at " + adminUrl + " (set " + URL_VARIABLE + ")", e);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(m.group(1) + name + (m.group(3) == null ? "" : m.group(3)));
    config.setMaximumPoolSize(POOL_SIZE);
    return new TestDatabase(adminUrl, name, new HikariDataSource(config));
  }

  /** A fresh database with the index's schema (its migrations) for vectors of {@code dimension}. */
  public static TestDatabase withIndexSchema(int dimension) {
    TestDatabase db = create();
    PgVectorIndex.builder(db.dataSource(), dimension).build().close(); // runs the migrations
    return db;
  }

  private static void unavailable(String message, Throwable cause) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message + "; CI=true requires the database", cause);
    }
    Assumptions.abort(message + "; skipped because CI is not set");
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  public String jdbcUrl() {
    return dataSource.getJdbcUrl();
  }

  /** Removes every ticket and posting of every tenant, leaving the schema. */
  public void emptyIndexTables() {
    execute(EMPTY_INDEX_TABLES);
  }

  public void execute(String sql) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
  }
}
