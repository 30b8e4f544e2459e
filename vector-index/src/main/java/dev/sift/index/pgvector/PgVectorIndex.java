package dev.sift.index.pgvector;

import com.pgvector.PGvector;
import dev.sift.index.Entry;
import dev.sift.index.HnswParams;
import dev.sift.index.Hit;
import dev.sift.index.IndexException;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * PostgreSQL with pgvector: every tenant in one table {@code sift_ticket}, keyed by (tenant, id), for several
 * stateless Sift replicas sharing one database.
 *
 * <p>Vectors are searched by inner product on unit vectors (the cosine, as in the Lucene backend). Tenants with
 * fewer than {@link Builder#exactSearchBelow(int)} entries are scanned exactly, so that a small tenant in a large
 * table gets its true nearest neighbours; larger tenants use the shared HNSW index with pgvector 0.8's iterative
 * scan. Lexical search is PostgreSQL full text ({@code ts_rank_cd}), not BM25: see docs/pgvector.md.
 *
 * <p>The schema is created and upgraded by Flyway when the index is built. The caller owns the {@link DataSource}
 * and closes it after this index.
 */
public final class PgVectorIndex implements VectorIndex {

  /** Below this many entries a tenant is scanned exactly: about 5 ms for 10k × 384 floats (docs/pgvector.md). */
  public static final int DEFAULT_EXACT_SEARCH_BELOW = 10_000;
  /** Batches from this size on go through binary COPY; smaller ones are cheaper as batched INSERTs. */
  public static final int DEFAULT_COPY_FROM = 100;

  private static final String MIGRATIONS = "classpath:dev/sift/index/pgvector/migration";
  private static final String SCHEMA_HISTORY_TABLE = "sift_schema_history";
  /** The whole query is passed to websearch_to_tsquery joined by this keyword, so every term is optional. */
  private static final String OR = " or ";
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  /** As many terms as Lucene's query takes, so that a pasted log file cannot build a huge tsquery. */
  private static final int MAX_QUERY_TERMS = 256;
  /** Rows per round trip when streaming a tenant. */
  private static final int FETCH_SIZE = 1_000;

  private final DataSource dataSource;
  private final int dimension;
  private final HnswParams hnsw;
  private final int exactSearchBelow;
  private final int copyFrom;
  private volatile boolean closed;

  private PgVectorIndex(Builder b) {
    this.dataSource = b.dataSource;
    this.dimension = b.dimension;
    this.hnsw = b.hnsw;
    this.exactSearchBelow = b.exactSearchBelow;
    this.copyFrom = b.copyFrom;
    if (b.migrate) {
      migrate();
    }
    checkColumnDimension();
  }

  public static Builder builder(DataSource dataSource, int dimension) {
    return new Builder(dataSource, dimension);
  }

  @Override
  public void upsertAll(String tenant, List<Entry> entries) {
    TenantNames.requireStored(tenant);
    for (Entry e : entries) {
      checkDimension(e.vector());
    }
    if (entries.isEmpty()) {
      return;
    }
    inTransaction("upsert into tenant " + tenant, c -> {
      if (entries.size() >= copyFrom) {
        copy(c, tenant, entries);
      } else {
        insert(c, tenant, entries);
      }
      return null;
    });
  }

  private static void insert(Connection c, String tenant, List<Entry> entries) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(Sql.UPSERT)) {
      for (Entry e : entries) {
        ps.setString(1, tenant);
        ps.setString(2, e.id());
        ps.setObject(3, new PGvector(e.vector()));
        ps.setString(4, Rows.clean(e.payload().text()));
        ps.setString(5, Json.object(e.payload().attributes()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void copy(Connection c, String tenant, List<Entry> entries) throws SQLException {
    try (PreparedStatement create = c.prepareStatement(Sql.CREATE_STAGING)) {
      create.execute();
    }
    try (PGCopyOutputStream out = new PGCopyOutputStream(c.unwrap(PGConnection.class), Sql.COPY_STAGING)) {
      BinaryCopy.write(entries, out);
    } catch (IOException e) {
      throw new SQLException("binary COPY failed", e);
    }
    try (PreparedStatement merge = c.prepareStatement(Sql.MERGE_STAGING)) {
      merge.setString(1, tenant);
      merge.executeUpdate();
    }
  }

  @Override
  public boolean delete(String tenant, String id) {
    TenantNames.requireStored(tenant);
    return inTransaction("delete from tenant " + tenant, c -> {
      try (PreparedStatement ps = c.prepareStatement(Sql.DELETE)) {
        ps.setString(1, tenant);
        ps.setString(2, id);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public List<Hit> search(String tenant, float[] vector, int k) {
    TenantNames.requireStored(tenant);
    checkDimension(vector);
    requirePositive(k);
    return inTransaction("search tenant " + tenant, c ->
        isSmall(c, tenant) ? exact(c, tenant, vector, k) : hnsw(c, tenant, vector, k));
  }

  /** Exact search regardless of size; the reference that HNSW recall is measured against. */
  public List<Hit> searchExact(String tenant, float[] vector, int k) {
    TenantNames.requireStored(tenant);
    checkDimension(vector);
    requirePositive(k);
    return inTransaction("search tenant " + tenant, c -> exact(c, tenant, vector, k));
  }

  /** HNSW index search with iterative scan regardless of tenant size; used to measure the alternative. */
  public List<Hit> searchHnsw(String tenant, float[] vector, int k) {
    TenantNames.requireStored(tenant);
    checkDimension(vector);
    requirePositive(k);
    return inTransaction("search tenant " + tenant, c -> hnsw(c, tenant, vector, k));
  }

  private boolean isSmall(Connection c, String tenant) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(Sql.COUNT_UP_TO)) {
      ps.setString(1, tenant);
      ps.setInt(2, exactSearchBelow);
      return singleLong(ps) < exactSearchBelow;
    }
  }

  private static List<Hit> exact(Connection c, String tenant, float[] vector, int k) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(Sql.SEARCH_EXACT)) {
      PGvector q = new PGvector(vector);
      ps.setString(1, tenant);
      ps.setObject(2, q);
      ps.setObject(3, q);
      ps.setInt(4, k);
      return hits(ps);
    }
  }

  private List<Hit> hnsw(Connection c, String tenant, float[] vector, int k) throws SQLException {
    int candidates = Math.max(k, hnsw.searchCandidates());
    try (PreparedStatement iterative = c.prepareStatement(Sql.SET_ITERATIVE_SCAN);
        PreparedStatement ef = c.prepareStatement(Sql.SET_EF_SEARCH)) {
      iterative.execute();
      ef.setString(1, Integer.toString(candidates));
      ef.execute();
    }
    try (PreparedStatement ps = c.prepareStatement(Sql.SEARCH_HNSW)) {
      PGvector q = new PGvector(vector);
      ps.setObject(1, q);
      ps.setString(2, tenant);
      ps.setObject(3, q);
      ps.setInt(4, candidates);
      ps.setInt(5, k);
      return hits(ps);
    }
  }

  @Override
  public List<Hit> searchText(String tenant, String text, int k) {
    TenantNames.requireStored(tenant);
    requirePositive(k);
    String query = orQuery(text);
    if (query.isEmpty()) {
      return List.of();
    }
    return inTransaction("text search in tenant " + tenant, c -> {
      try (PreparedStatement ps = c.prepareStatement(Sql.SEARCH_TEXT)) {
        ps.setString(1, query);
        ps.setString(2, tenant);
        ps.setInt(3, k);
        return hits(ps);
      }
    });
  }

  /**
   * Words joined by {@code or}, for websearch_to_tsquery: any term may match, as in Lucene's SHOULD clauses.
   * Splitting on non-word characters leaves no quotes or minus signs, which websearch syntax would interpret.
   */
  static String orQuery(String text) {
    if (text == null) {
      return "";
    }
    Set<String> words = new LinkedHashSet<>();
    for (String w : NON_WORD.split(Rows.clean(text).toLowerCase(Locale.ROOT))) {
      if (!w.isEmpty() && !w.equals("or") && words.size() < MAX_QUERY_TERMS) {
        words.add(w);
      }
    }
    return String.join(OR, words);
  }

  @Override
  public long count(String tenant) {
    TenantNames.requireStored(tenant);
    return inTransaction("count tenant " + tenant, c -> {
      try (PreparedStatement ps = c.prepareStatement(Sql.COUNT)) {
        ps.setString(1, tenant);
        return singleLong(ps);
      }
    });
  }

  @Override
  public Optional<Entry> get(String tenant, String id) {
    TenantNames.requireStored(tenant);
    return inTransaction("read from tenant " + tenant, c -> {
      try (PreparedStatement ps = c.prepareStatement(Sql.GET)) {
        ps.setString(1, tenant);
        ps.setString(2, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(Rows.entry(rs)) : Optional.empty();
        }
      }
    });
  }

  /** Streams the tenant with a cursor, so a large tenant is never held in memory at once. */
  @Override
  public void forEach(String tenant, Consumer<Entry> visitor) {
    TenantNames.requireStored(tenant);
    inTransaction("read tenant " + tenant, c -> {
      try (PreparedStatement ps = c.prepareStatement(Sql.FOR_EACH)) {
        ps.setFetchSize(FETCH_SIZE);
        ps.setString(1, tenant);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            visitor.accept(Rows.entry(rs));
          }
        }
      }
      return null;
    });
  }

  /** Tenants with at least one entry; unlike Lucene, a tenant whose last entry was deleted is gone. */
  @Override
  public Set<String> tenants() {
    return inTransaction("list tenants", c -> {
      Set<String> names = new TreeSet<>();
      try (PreparedStatement ps = c.prepareStatement(Sql.TENANTS); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (TenantNames.isValid(rs.getString(1))) { // not the staging names of rebuilds
            names.add(rs.getString(1));
          }
        }
      }
      return names;
    });
  }

  @Override
  public void deleteTenant(String tenant) {
    TenantNames.requireStored(tenant);
    inTransaction("delete tenant " + tenant, c -> {
      try (PreparedStatement ps = c.prepareStatement(Sql.DELETE_TENANT)) {
        ps.setString(1, tenant);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** One transaction: other sessions see the old rows or the new ones (MVCC), never a mix. */
  @Override
  public void replaceTenant(String tenant, String staging) {
    TenantNames.require(tenant);
    if (!TenantNames.isStaging(staging)) {
      throw new IllegalArgumentException("not a staging name: '" + staging + "'");
    }
    inTransaction("replace tenant " + tenant, c -> {
      try (PreparedStatement delete = c.prepareStatement(Sql.DELETE_TENANT);
          PreparedStatement rename = c.prepareStatement(Sql.RENAME_TENANT)) {
        delete.setString(1, tenant);
        delete.executeUpdate();
        rename.setString(1, tenant);
        rename.setString(2, staging);
        rename.executeUpdate();
      }
      return null;
    });
  }

  /** Bytes of the tenant's rows; the shared indexes are not apportioned. */
  @Override
  public long sizeInBytes(String tenant) {
    TenantNames.requireStored(tenant);
    return inTransaction("size of tenant " + tenant, c -> {
      try (PreparedStatement ps = c.prepareStatement(Sql.SIZE)) {
        ps.setString(1, tenant);
        return singleLong(ps);
      }
    });
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /** Marks the index closed; the data source belongs to the caller, who closes it. */
  @Override
  public void close() {
    closed = true;
  }

  private void migrate() {
    try {
      Flyway.configure(getClass().getClassLoader())
          .dataSource(dataSource)
          .locations(MIGRATIONS)
          .table(SCHEMA_HISTORY_TABLE)
          // The database may already hold other tables (the service's own, or anything else).
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .placeholders(Map.of(
              "dimension", Integer.toString(dimension),
              "hnsw_m", Integer.toString(hnsw.maxConnections()),
              "hnsw_ef_construction", Integer.toString(hnsw.beamWidth())))
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw new IndexException("cannot migrate the pgvector schema: " + e.getMessage(), e);
    }
  }

  private void checkColumnDimension() {
    int stored = inTransaction("read the schema", c -> {
      try (PreparedStatement ps = c.prepareStatement(Sql.COLUMN_DIMENSION)) {
        return (int) singleLong(ps);
      }
    });
    if (stored != dimension) {
      throw new IndexException("table sift_ticket holds vectors of dimension " + stored
          + ", which differs from index dimension " + dimension + "; vectors of different models do not mix");
    }
  }

  private void checkDimension(float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          "vector dimension " + vector.length + " differs from index dimension " + dimension);
    }
  }

  private static void requirePositive(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, was " + k);
    }
  }

  private static List<Hit> hits(PreparedStatement ps) throws SQLException {
    List<Hit> hits = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        hits.add(Rows.hit(rs));
      }
    }
    return hits;
  }

  private static long singleLong(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one transaction: committed (durably) on success, rolled back on any failure. */
  private <T> T inTransaction(String what, Work<T> work) {
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

  /** Builds a {@link PgVectorIndex}; {@link #build()} runs the migrations. */
  public static final class Builder {
    private final DataSource dataSource;
    private final int dimension;
    private HnswParams hnsw = HnswParams.DEFAULT;
    private int exactSearchBelow = DEFAULT_EXACT_SEARCH_BELOW;
    private int copyFrom = DEFAULT_COPY_FROM;
    private boolean migrate = true;

    private Builder(DataSource dataSource, int dimension) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      if (dimension < 1) {
        throw new IllegalArgumentException("dimension must be positive, was " + dimension);
      }
      this.dimension = dimension;
    }

    /** Graph degree and construction beam of a new HNSW index, and the ef_search of every query. */
    public Builder hnsw(HnswParams params) {
      this.hnsw = Objects.requireNonNull(params, "params");
      return this;
    }

    /** Tenants with fewer entries than this are searched exactly; 0 always uses the HNSW index. */
    public Builder exactSearchBelow(int entries) {
      if (entries < 0) {
        throw new IllegalArgumentException("exactSearchBelow must not be negative, was " + entries);
      }
      this.exactSearchBelow = entries;
      return this;
    }

    /** Batches of at least this many entries are loaded with binary COPY through a staging table. */
    public Builder copyFrom(int entries) {
      if (entries < 1) {
        throw new IllegalArgumentException("copyFrom must be at least 1, was " + entries);
      }
      this.copyFrom = entries;
      return this;
    }

    /** Whether {@link #build()} runs the Flyway migrations (default); off when the schema is managed elsewhere. */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    public PgVectorIndex build() {
      return new PgVectorIndex(this);
    }
  }
}
