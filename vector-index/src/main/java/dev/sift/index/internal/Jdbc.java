package dev.sift.index.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The one JDBC transaction of the project's PostgreSQL code (the pgvector index, the shared engine
 * state): work on one pooled connection, committed on success and rolled back on any failure. Not
 * API.
 */
public final class Jdbc {

  /** Work on one connection, inside the transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  private Jdbc() {}

  /**
   * Runs {@code work} in one transaction.
   *
   * @param failure turns a database error into the caller's exception
   */
  public static <T> T inTransaction(
      DataSource dataSource,
      Work<T> work,
      Function<SQLException, ? extends RuntimeException> failure) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.apply(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw failure.apply(e);
    }
  }
}
