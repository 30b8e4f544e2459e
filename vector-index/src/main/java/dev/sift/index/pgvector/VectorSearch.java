package dev.sift.index.pgvector;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.pgvector.PGvector;
import dev.sift.index.Hit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Nearest neighbours by inner product, in the two ways docs/pgvector.md compares: an exact scan of
 * the tenant's rows, and a walk of the shared HNSW graph (exact on the rows not in it yet). Which
 * one a search takes depends on the tenant's size, decided per search so that a tenant crossing the
 * threshold needs no bookkeeping.
 */
final class VectorSearch {

  /**
   * How long a tenant's size class is reused. Counting up to the threshold is a scan of the
   * tenant's keys (4 ms of database time for 8,500 tickets) on every search, and the class only
   * picks the faster path: the graph path scans the rows the graph lacks exactly, so a tenant that
   * just grew past the threshold loses nothing. One that shrank below it is searched through the
   * graph until this has passed.
   */
  static final Duration SIZE_REUSE = Duration.ofSeconds(5);

  /** Tenants whose size class is remembered at once (staging names come and go). */
  private static final int MAX_REMEMBERED = 10_000;

  private final int exactBelow;
  private final int searchCandidates;

  /** Whether each recently searched tenant has at least {@link #exactBelow} rows. */
  private final Cache<String, Boolean> large =
      Caffeine.newBuilder().expireAfterWrite(SIZE_REUSE).maximumSize(MAX_REMEMBERED).build();

  /**
   * @param exactBelow tenants with fewer rows are scanned exactly
   * @param searchCandidates the graph's ef_search, raised to k where k is larger
   */
  VectorSearch(int exactBelow, int searchCandidates) {
    this.exactBelow = exactBelow;
    this.searchCandidates = searchCandidates;
  }

  List<Hit> search(Connection c, String tenant, float[] vector, int k) throws SQLException {
    return large(c, tenant) ? hnsw(c, tenant, vector, k) : exact(c, tenant, vector, k);
  }

  private boolean large(Connection c, String tenant) throws SQLException {
    Boolean known = large.getIfPresent(tenant);
    if (known != null) {
      return known;
    }
    boolean counted = hasAtLeast(c, tenant, exactBelow);
    large.put(tenant, counted);
    return counted;
  }

  /** Whether the tenant has at least {@code n} rows, counting no more than that. */
  static boolean hasAtLeast(Connection c, String tenant, int n) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SearchSql.COUNT_UP_TO)) {
      ps.setString(1, tenant);
      ps.setInt(2, n);
      return Statements.singleLong(ps) >= n;
    }
  }

  static List<Hit> exact(Connection c, String tenant, float[] vector, int k) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SearchSql.SEARCH_EXACT)) {
      ps.setObject(1, new PGvector(vector));
      ps.setString(2, tenant);
      ps.setInt(3, k);
      ps.setString(4, tenant);
      return Rows.hits(ps);
    }
  }

  List<Hit> hnsw(Connection c, String tenant, float[] vector, int k) throws SQLException {
    int candidates = Math.max(k, searchCandidates);
    try (PreparedStatement iterative = c.prepareStatement(SearchSql.SET_ITERATIVE_SCAN);
        PreparedStatement ef = c.prepareStatement(SearchSql.SET_EF_SEARCH)) {
      iterative.execute();
      ef.setString(1, Integer.toString(candidates));
      ef.execute();
    }
    try (PreparedStatement ps = c.prepareStatement(SearchSql.SEARCH_HNSW)) {
      PGvector q = new PGvector(vector);
      ps.setObject(1, q);
      ps.setString(2, tenant);
      ps.setObject(3, q);
      ps.setInt(4, candidates);
      ps.setObject(5, q);
      ps.setString(6, tenant);
      ps.setInt(7, k);
      ps.setString(8, tenant);
      return Rows.hits(ps);
    }
  }
}
