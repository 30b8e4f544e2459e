package dev.sift.index.pgvector;

import dev.sift.index.IndexException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs each operation of the backend in one transaction on a connection of the caller's pool: committed (durably)
 * on success, rolled back on any failure, so a ticket and its postings are always written, moved or deleted together.
 * Shared by the index, the bulk load and the background graph task, which all stop when the index closes.
 */
final class Transactions {

  /** Work on one connection, inside the transaction. */
  interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private volatile boolean closed;

  Transactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs {@code work} in one transaction; {@code what} names it in the error, as in "cannot {@code what}: …". */
  <T> T run(String what, Work<T> work) {
    if (closed) {
      throw new IndexException("index is closed");
    }
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
      throw new IndexException("cannot " + what + ": " + e.getMessage(), e);
    }
  }

  /** Refuses every later transaction; the data source stays open, since it belongs to the caller. */
  void close() {
    closed = true;
  }
}
