package dev.sift.index.pgvector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The JDBC steps that the backend's classes share, so that each statement is prepared and closed
 * the same way.
 */
final class Statements {

  private Statements() {}

  /** A statement without parameters or results (DDL, a temp table, a setting). */
  static void execute(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.execute();
    }
  }

  /** A write whose parameters are strings (the tenant first); returns the rows it changed. */
  static int update(Connection c, String sql, String... parameters) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        ps.setString(i + 1, parameters[i]);
      }
      return ps.executeUpdate();
    }
  }

  /** The first column of the one row a count or a size query returns. */
  static long singleLong(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
