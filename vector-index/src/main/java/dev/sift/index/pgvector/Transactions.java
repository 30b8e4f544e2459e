package dev.sift.index.pgvector;

import dev.sift.index.IndexException;
import dev.sift.index.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs each operation of the backend in one transaction on a connection of the caller's pool:
 * committed (durably) on success, rolled back on any failure, so a ticket and its postings are
 * always written, moved or deleted together. Shared by the index, the bulk load and the background
 * graph task, which all stop when the index closes.
 */
final class Transactions {

  private final DataSource dataSource;
  private volatile boolean closed;

  Transactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Runs {@code work} in one transaction; {@code what} names it in the error, as in "cannot {@code
   * what}: …".
   */
  <T> T run(String what, Jdbc.Work<T> work) {
    requireOpen();
    return Jdbc.inTransaction(dataSource, work, e -> failure(what, e));
  }

  /**
   * Runs {@code work} outside any transaction block (autocommit), for the maintenance statements
   * PostgreSQL refuses inside one, such as VACUUM.
   */
  <T> T runAlone(String what, Jdbc.Work<T> work) {
    requireOpen();
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(true);
      try {
        return work.apply(c);
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IndexException("index is closed");
    }
  }

  private static IndexException failure(String what, SQLException e) {
    return new IndexException("cannot " + what + ": " + e.getMessage(), e);
  }

  /**
   * Refuses every later transaction; the data source stays open, since it belongs to the caller.
   */
  void close() {
    closed = true;
  }
}
