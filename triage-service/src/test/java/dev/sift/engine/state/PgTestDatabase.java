package dev.sift.engine.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sift.index.pgvector.PgVectorIndex;
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
 * A fresh database {@code sift_it_<random>} on the server named by {@code SIFT_TEST_PG_URL}, migrated by the pgvector
 * index, dropped on close. Skipped without a server, unless {@code CI=true}.
 */
public final class PgTestDatabase implements AutoCloseable {

  private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
  private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?");
  private static final int POOL_SIZE = 8;

  private final String adminUrl;
  private final String name;
  final HikariDataSource dataSource;

  private PgTestDatabase(String adminUrl, String name, HikariDataSource dataSource) {
    this.adminUrl = adminUrl;
    this.name = name;
    this.dataSource = dataSource;
  }

  public static PgTestDatabase create(int dimension) {
    String adminUrl = System.getenv().getOrDefault("SIFT_TEST_PG_URL", DEFAULT_URL);
    Matcher m = URL.matcher(adminUrl);
    Assertions.assertTrue(m.matches(), "SIFT_TEST_PG_URL must look like " + DEFAULT_URL);
    String name = "sift_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail("CI=true requires PostgreSQL at " + adminUrl, e);
      }
      Assumptions.abort("PostgreSQL is not reachable at " + adminUrl + "; skipped because CI is not set");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(m.group(1) + name + (m.group(3) == null ? "" : m.group(3)));
    config.setMaximumPoolSize(POOL_SIZE);
    HikariDataSource dataSource = new HikariDataSource(config);
    PgVectorIndex.builder(dataSource, dimension).build().close(); // runs the migrations
    return new PgTestDatabase(adminUrl, name, dataSource);
  }

  public void execute(String sql) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop " + name, e);
    }
  }
}
