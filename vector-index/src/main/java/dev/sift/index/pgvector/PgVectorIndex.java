package dev.sift.index.pgvector;

import com.pgvector.PGvector;
import dev.sift.index.Entry;
import dev.sift.index.HnswParams;
import dev.sift.index.Hit;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import dev.sift.index.internal.LexicalTerms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * PostgreSQL with pgvector: every tenant in one table {@code sift_ticket}, keyed by (tenant, id), for several
 * stateless Sift replicas sharing one database.
 *
 * <p>Vectors are searched by inner product on unit vectors (the cosine, as in the Lucene backend). Tenants with
 * fewer than {@link Builder#exactSearchBelow(int)} entries are scanned exactly, so that a small tenant in a large
 * table gets its true nearest neighbours; larger tenants use the shared HNSW index with pgvector 0.8's iterative
 * scan. Lexical search is BM25 computed in SQL over postings of the Lucene backend's analysis: see docs/pgvector.md.
 *
 * <p>The schema is created and upgraded by Flyway when the index is built. The caller owns the {@link DataSource}
 * and closes it after this index.
 */
public final class PgVectorIndex implements VectorIndex {

  /** Below this many entries a tenant is scanned exactly: about 5 ms for 10k × 384 floats (docs/pgvector.md). */
  public static final int DEFAULT_EXACT_SEARCH_BELOW = 10_000;
  /** Batches from this size on go through binary COPY; smaller ones are cheaper as batched INSERTs. */
  public static final int DEFAULT_COPY_FROM = 100;

  /** Rows per round trip when streaming a tenant. */
  private static final int FETCH_SIZE = 1_000;

  private final int dimension;
  private final HnswParams hnsw;
  private final int exactSearchBelow;
  private final int copyFrom;
  private final Transactions transactions;
  private final GraphMaintenance graph;

  private PgVectorIndex(Builder b) {
    this.dimension = b.dimension;
    this.hnsw = b.hnsw;
    this.exactSearchBelow = b.exactSearchBelow;
    this.copyFrom = b.copyFrom;
    this.transactions = new Transactions(b.dataSource);
    if (b.migrate) {
      Schema.migrate(b.dataSource, dimension, hnsw);
    }
    transactions.run("read the schema", c -> {
      Schema.checkColumnDimension(c, dimension);
      return null;
    });
    this.graph = new GraphMaintenance(transactions, exactSearchBelow);
    graph.resume();
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
    transactions.run("upsert into tenant " + tenant, c -> {
      if (entries.size() >= copyFrom) {
        BulkLoad.copy(c, tenant, entries);
      } else {
        insert(c, tenant, entries);
      }
      return null;
    });
    // Durable now; the rows join the HNSW graph later, if the tenant is large enough to be searched through it.
    graph.written(tenant);
  }

  private static void insert(Connection c, String tenant, List<Entry> batch) throws SQLException {
    // The last of duplicate ids wins, as a sequence of single upserts would; postings are written once per id.
    Map<String, Entry> byId = new LinkedHashMap<>();
    batch.forEach(e -> byId.put(e.id(), e));
    Map<String, Analysed> analysed = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(Sql.UPSERT)) {
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
    Postings.replace(c, tenant, analysed);
  }

  /**
   * Runs a large import with the HNSW index dropped, then builds the index again in one pass: building a graph over
   * loaded rows is several times cheaper than inserting them into it one by one (docs/pgvector.md, "Bulk loading").
   * The index is rebuilt from its own stored definition, also when {@code load} fails. Searches stay correct
   * meanwhile, only slower (small tenants scan anyway; large ones scan instead of walking the graph), so this suits
   * a first import or a quiet hour rather than a busy shared table. Replicas must not run it at the same time.
   *
   * @return seconds spent marking the large tenants' rows and building the index
   */
  public double withGraphRebuiltAfter(Runnable load) {
    return BulkLoad.withGraphRebuiltAfter(transactions, graph, load);
  }

  @Override
  public boolean delete(String tenant, String id) {
    TenantNames.requireStored(tenant);
    return transactions.run("delete from tenant " + tenant, c -> {
      Postings.delete(c, tenant, id);
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
    return transactions.run("search tenant " + tenant, c ->
        isSmall(c, tenant) ? exact(c, tenant, vector, k) : hnsw(c, tenant, vector, k));
  }

  /** Exact search regardless of size; the reference that HNSW recall is measured against. */
  public List<Hit> searchExact(String tenant, float[] vector, int k) {
    TenantNames.requireStored(tenant);
    checkDimension(vector);
    requirePositive(k);
    return transactions.run("search tenant " + tenant, c -> exact(c, tenant, vector, k));
  }

  /**
   * HNSW index search with iterative scan regardless of tenant size, exact on the rows not yet in the graph (see
   * {@link #graphPending}); used to measure the alternative.
   */
  public List<Hit> searchHnsw(String tenant, float[] vector, int k) {
    TenantNames.requireStored(tenant);
    checkDimension(vector);
    requirePositive(k);
    return transactions.run("search tenant " + tenant, c -> hnsw(c, tenant, vector, k));
  }

  private boolean isSmall(Connection c, String tenant) throws SQLException {
    return !hasAtLeast(c, tenant, exactSearchBelow);
  }

  /** Whether the tenant has at least {@code n} rows, counting no more than that. */
  static boolean hasAtLeast(Connection c, String tenant, int n) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(Sql.COUNT_UP_TO)) {
      ps.setString(1, tenant);
      ps.setInt(2, n);
      return singleLong(ps) >= n;
    }
  }

  /**
   * Moves every row of the large tenants that is still outside the HNSW graph into it now, on the caller, instead
   * of waiting for the background task; returns the rows moved. For measurements of the graph.
   */
  public long graphPending() {
    return graph.graphAll(GraphMaintenance.CHUNK);
  }

  private static List<Hit> exact(Connection c, String tenant, float[] vector, int k) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(Sql.SEARCH_EXACT)) {
      ps.setObject(1, new PGvector(vector));
      ps.setString(2, tenant);
      ps.setInt(3, k);
      ps.setString(4, tenant);
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
      ps.setObject(5, q);
      ps.setString(6, tenant);
      ps.setInt(7, k);
      ps.setString(8, tenant);
      return hits(ps);
    }
  }

  /**
   * BM25 over the tenant's tickets, analysed and scored as the Lucene backend does (same analyzer, same k1 and b,
   * Lucene's one-byte document lengths), so both rank alike; see docs/pgvector.md for where they can still differ.
   */
  @Override
  public List<Hit> searchText(String tenant, String text, int k) {
    TenantNames.requireStored(tenant);
    requirePositive(k);
    List<String> terms = LexicalTerms.queryTerms(text == null ? null : Rows.clean(text));
    if (terms.isEmpty()) {
      return List.of();
    }
    return transactions.run("text search in tenant " + tenant, c -> Postings.search(c, tenant, terms, k));
  }

  @Override
  public long count(String tenant) {
    TenantNames.requireStored(tenant);
    return transactions.run("count tenant " + tenant, c -> {
      try (PreparedStatement ps = c.prepareStatement(Sql.COUNT)) {
        ps.setString(1, tenant);
        return singleLong(ps);
      }
    });
  }

  @Override
  public Optional<Entry> get(String tenant, String id) {
    TenantNames.requireStored(tenant);
    return transactions.run("read from tenant " + tenant, c -> {
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
    transactions.run("read tenant " + tenant, c -> {
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
    return transactions.run("list tenants", c -> {
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
    transactions.run("delete tenant " + tenant, c -> {
      Postings.deleteTenant(c, tenant);
      Statements.update(c, Sql.DELETE_TENANT, tenant);
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
    transactions.run("replace tenant " + tenant, c -> {
      // The tenant's tickets and their postings give way to the staging ones, in the same transaction.
      Postings.deleteTenant(c, tenant);
      Statements.update(c, Sql.DELETE_TENANT, tenant);
      try (PreparedStatement rename = c.prepareStatement(Sql.RENAME_TENANT)) {
        rename.setString(1, tenant);
        rename.setString(2, staging);
        rename.executeUpdate();
      }
      Postings.renameTenant(c, tenant, staging);
      return null;
    });
    graph.written(tenant); // the staging rows were never graphed
  }

  /** Bytes of the tenant's rows; the shared indexes are not apportioned. */
  @Override
  public long sizeInBytes(String tenant) {
    TenantNames.requireStored(tenant);
    return transactions.run("size of tenant " + tenant, c -> {
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

  /** Stops moving rows into the graph and marks the index closed; the data source belongs to the caller. */
  @Override
  public void close() {
    graph.close();
    transactions.close();
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
