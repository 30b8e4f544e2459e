package dev.sift.index.pgvector;

import com.pgvector.PGvector;
import dev.sift.index.Entry;
import dev.sift.index.TenantNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The rows of table {@code sift_ticket} outside search: batched upserts, reads, and whole-tenant
 * moves. Each method runs on the caller's connection, in the caller's transaction, so that the
 * index can write a ticket's postings ({@link Postings}) in the same one.
 */
final class Tickets {

  /** Rows per round trip when streaming a tenant. */
  private static final int FETCH_SIZE = 1_000;

  private Tickets() {}

  /**
   * Upserts the batch with batched INSERTs and returns each distinct id's analysed text, for its
   * postings. The last of duplicate ids wins, as a sequence of single upserts would, so postings
   * are written once per id.
   */
  static Map<String, Analysed> upsert(Connection c, String tenant, List<Entry> batch)
      throws SQLException {
    Map<String, Entry> byId = new LinkedHashMap<>();
    batch.forEach(e -> byId.put(e.id(), e));
    Map<String, Analysed> analysed = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(TicketSql.UPSERT)) {
      for (Entry e : byId.values()) {
        Analysed a = Analysed.of(e.payload().text());
        analysed.put(e.id(), a);
        ps.setString(1, tenant);
        ps.setString(2, e.id());
        ps.setObject(3, new PGvector(e.vector()));
        ps.setString(4, Rows.clean(e.payload().text()));
        ps.setString(5, Json.object(e.payload().attributes()));
        ps.setInt(6, a.length());
        ps.setInt(7, a.normLength());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return analysed;
  }

  static boolean delete(Connection c, String tenant, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TicketSql.DELETE)) {
      ps.setString(1, tenant);
      ps.setString(2, id);
      return ps.executeUpdate() > 0;
    }
  }

  static long count(Connection c, String tenant) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TicketSql.COUNT)) {
      ps.setString(1, tenant);
      return Statements.singleLong(ps);
    }
  }

  static boolean has(Connection c, String tenant) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TicketSql.HAS_TENANT)) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  static Optional<Entry> get(Connection c, String tenant, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TicketSql.GET)) {
      ps.setString(1, tenant);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.entry(rs)) : Optional.empty();
      }
    }
  }

  /** Streams the tenant with a cursor, so a large tenant is never held in memory at once. */
  static void forEach(Connection c, String tenant, Consumer<Entry> visitor) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TicketSql.FOR_EACH)) {
      ps.setFetchSize(FETCH_SIZE);
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          visitor.accept(Rows.entry(rs));
        }
      }
    }
  }

  /** Tenants with at least one row, leaving out the staging names of rebuilds under way. */
  static Set<String> tenants(Connection c) throws SQLException {
    Set<String> names = new TreeSet<>();
    try (PreparedStatement ps = c.prepareStatement(TicketSql.TENANTS);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (TenantNames.isValid(rs.getString(1))) { // not the staging names of rebuilds
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  static void deleteTenant(Connection c, String tenant) throws SQLException {
    Statements.update(c, TicketSql.DELETE_TENANT, tenant);
  }

  /**
   * Moves a finished rebuild's rows from its staging name to the tenant, outside the graph until
   * re-graphed.
   */
  static void renameTenant(Connection c, String tenant, String staging) throws SQLException {
    Statements.update(c, TicketSql.RENAME_TENANT, tenant, staging);
  }

  /** Heap bytes of the tenant's rows; the shared indexes are not apportioned. */
  static long sizeInBytes(Connection c, String tenant) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TicketSql.SIZE)) {
      ps.setString(1, tenant);
      return Statements.singleLong(ps);
    }
  }
}
