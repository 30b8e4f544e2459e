package dev.sift.index.pgvector;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.HnswParams;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import dev.sift.index.internal.Checks;
import dev.sift.index.internal.LexicalTerms;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * PostgreSQL with pgvector: every tenant in one table {@code sift_ticket}, keyed by (tenant, id),
 * for several stateless Sift replicas sharing one database.
 *
 * <p>Vectors are searched by inner product on unit vectors (the cosine, as in the Lucene backend).
 * Tenants with fewer than {@link Builder#exactSearchBelow(int)} entries are scanned exactly, so
 * that a small tenant in a large table gets its true nearest neighbours; larger tenants use the
 * shared HNSW index with pgvector 0.8's iterative scan. Lexical search is BM25 computed in SQL over
 * postings of the Lucene backend's analysis: see docs/pgvector.md.
 *
 * <p>The schema is created and upgraded by Flyway when the index is built. The caller owns the
 * {@link DataSource} and closes it after this index.
 */
public final class PgVectorIndex implements VectorIndex {

  /**
   * Below this many entries a tenant is scanned exactly: about 5 ms for 10k × 384 floats
   * (docs/pgvector.md).
   */
  public static final int DEFAULT_EXACT_SEARCH_BELOW = 10_000;

  /**
   * Batches from this size on go through binary COPY; smaller ones are cheaper as batched INSERTs.
   */
  public static final int DEFAULT_COPY_FROM = 100;

  private final int dimension;
  private final Transactions transactions;
  private final VectorSearch vectors;
  private final GraphMaintenance graph;
  private final TicketWrites writes;
  private final Mirror mirror;

  private PgVectorIndex(Builder b) {
    this.dimension = b.dimension;
    this.transactions = new Transactions(b.dataSource);
    this.vectors = new VectorSearch(b.exactSearchBelow, b.hnsw.searchCandidates());
    if (b.migrate) {
      Schema.migrate(b.dataSource, dimension, b.hnsw);
    }
    transactions.run(
        "read the schema",
        c -> {
          Schema.checkColumnDimension(c, dimension);
          return null;
        });
    this.graph = new GraphMaintenance(transactions, b.exactSearchBelow);
    graph.resume();
    this.writes = new TicketWrites(transactions, graph, b.copyFrom);
    this.mirror =
        b.mirrorDirectory == null
            ? null
            : new Mirror(
                transactions, b.dataSource, b.mirrorDirectory, dimension, b.mirrorPurgeDelay);
  }

  public static Builder builder(DataSource dataSource, int dimension) {
    return new Builder(dataSource, dimension);
  }

  @Override
  public void upsertAll(String tenant, List<Entry> entries) {
    TenantNames.requireStored(tenant);
    for (Entry e : entries) {
      Checks.requireDimension(e.vector(), dimension);
    }
    if (entries.isEmpty()) {
      return;
    }
    writes.upsertAll(tenant, entries);
    if (mirror != null) {
      mirror.changed(tenant, entries.stream().map(Entry::id).toList());
    }
  }

  /**
   * Runs a large import with the HNSW index dropped, then builds the index again in one pass:
   * building a graph over loaded rows is several times cheaper than inserting them into it one by
   * one (docs/pgvector.md, "Bulk loading"). The index is rebuilt from its own stored definition,
   * also when {@code load} fails. Searches stay correct meanwhile, only slower (small tenants scan
   * anyway; large ones scan instead of walking the graph), so this suits a first import or a quiet
   * hour rather than a busy shared table. Replicas must not run it at the same time.
   *
   * @return seconds spent marking the large tenants' rows and building the index
   */
  public double withGraphRebuiltAfter(Runnable load) {
    return BulkLoad.withGraphRebuiltAfter(transactions, graph, load);
  }

  @Override
  public boolean delete(String tenant, String id) {
    TenantNames.requireStored(tenant);
    boolean deleted = writes.delete(tenant, id);
    if (mirror != null && deleted) {
      mirror.changed(tenant, List.of(id));
    }
    return deleted;
  }

  @Override
  public List<Hit> search(String tenant, float[] vector, int k) {
    TenantNames.requireStored(tenant);
    Checks.requireDimension(vector, dimension);
    Checks.requirePositive(k);
    if (mirror != null) {
      Optional<List<Hit>> mirrored = mirror.search(tenant, vector, k);
      if (mirrored.isPresent()) {
        return mirrored.get();
      }
    }
    return transactions.run("search tenant " + tenant, c -> vectors.search(c, tenant, vector, k));
  }

  /** Whether the tenant's searches are answered by this replica's mirror now (for tests). */
  boolean mirrorAnswers(String tenant) {
    return mirror != null && mirror.answers(tenant);
  }

  /** Exact search regardless of size; the reference that HNSW recall is measured against. */
  public List<Hit> searchExact(String tenant, float[] vector, int k) {
    TenantNames.requireStored(tenant);
    Checks.requireDimension(vector, dimension);
    Checks.requirePositive(k);
    return transactions.run(
        "search tenant " + tenant, c -> VectorSearch.exact(c, tenant, vector, k));
  }

  /**
   * HNSW index search with iterative scan regardless of tenant size, exact on the rows not yet in
   * the graph (see {@link #graphPending}); used to measure the alternative.
   */
  public List<Hit> searchHnsw(String tenant, float[] vector, int k) {
    TenantNames.requireStored(tenant);
    Checks.requireDimension(vector, dimension);
    Checks.requirePositive(k);
    return transactions.run("search tenant " + tenant, c -> vectors.hnsw(c, tenant, vector, k));
  }

  /**
   * Moves every row of the large tenants that is still outside the HNSW graph into it now, on the
   * caller, instead of waiting for the background task; returns the rows moved. For measurements of
   * the graph.
   */
  public long graphPending() {
    return graph.graphAll(GraphMaintenance.CHUNK);
  }

  /**
   * BM25 over the tenant's tickets, analysed and scored as the Lucene backend does (same analyzer,
   * same k1 and b, Lucene's one-byte document lengths), so both rank alike; see docs/pgvector.md
   * for where they can still differ.
   */
  @Override
  public List<Hit> searchText(String tenant, String text, int k) {
    TenantNames.requireStored(tenant);
    Checks.requirePositive(k);
    List<String> terms = LexicalTerms.queryTerms(text == null ? null : Rows.clean(text));
    if (terms.isEmpty()) {
      return List.of();
    }
    if (mirror != null) {
      Optional<List<Hit>> mirrored = mirror.searchText(tenant, text, k);
      if (mirrored.isPresent()) {
        return mirrored.get();
      }
    }
    return transactions.run(
        "text search in tenant " + tenant, c -> Postings.search(c, tenant, terms, k));
  }

  @Override
  public long count(String tenant) {
    TenantNames.requireStored(tenant);
    return transactions.run("count tenant " + tenant, c -> Tickets.count(c, tenant));
  }

  @Override
  public Optional<Entry> get(String tenant, String id) {
    TenantNames.requireStored(tenant);
    return transactions.run("read from tenant " + tenant, c -> Tickets.get(c, tenant, id));
  }

  /** Streams the tenant with a cursor, so a large tenant is never held in memory at once. */
  @Override
  public void forEach(String tenant, Consumer<Entry> visitor) {
    TenantNames.requireStored(tenant);
    transactions.run(
        "read tenant " + tenant,
        c -> {
          Tickets.forEach(c, tenant, visitor);
          return null;
        });
  }

  /**
   * Tenants with at least one entry; unlike Lucene, a tenant whose last entry was deleted is gone.
   */
  @Override
  public Set<String> tenants() {
    return transactions.run("list tenants", Tickets::tenants);
  }

  /**
   * A triage asks this every time: the replica's copy answers where it is whole, else one
   * primary-key probe, where {@link #tenants()} would walk every tenant.
   */
  @Override
  public boolean hasTenant(String tenant) {
    // Staging names of rebuilds are not tenants, as in tenants().
    if (!TenantNames.isValid(tenant)) {
      return false;
    }
    if (mirror != null) {
      Optional<Boolean> mirrored = mirror.hasEntries(tenant);
      if (mirrored.isPresent()) {
        return mirrored.get();
      }
    }
    return transactions.run("look up tenant " + tenant, c -> Tickets.has(c, tenant));
  }

  @Override
  public void deleteTenant(String tenant) {
    TenantNames.requireStored(tenant);
    writes.deleteTenant(tenant);
    if (mirror != null) {
      mirror.replaced(tenant);
    }
  }

  /** One transaction: other sessions see the old rows or the new ones (MVCC), never a mix. */
  @Override
  public void replaceTenant(String tenant, String staging) {
    TenantNames.require(tenant);
    if (!TenantNames.isStaging(staging)) {
      throw new IllegalArgumentException("not a staging name: '" + staging + "'");
    }
    writes.replaceTenant(tenant, staging);
    if (mirror != null) {
      mirror.replaced(tenant);
    }
  }

  /** Bytes of the tenant's rows; the shared indexes are not apportioned. */
  @Override
  public long sizeInBytes(String tenant) {
    TenantNames.requireStored(tenant);
    return transactions.run("size of tenant " + tenant, c -> Tickets.sizeInBytes(c, tenant));
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /**
   * Stops moving rows into the graph and marks the index closed; the data source belongs to the
   * caller.
   */
  @Override
  public void close() {
    if (mirror != null) {
      mirror.close();
    }
    graph.close();
    transactions.close();
  }

  /** Builds a {@link PgVectorIndex}; {@link #build()} runs the migrations. */
  public static final class Builder {
    private final DataSource dataSource;
    private final int dimension;
    private HnswParams hnsw = HnswParams.DEFAULT;
    private int exactSearchBelow = DEFAULT_EXACT_SEARCH_BELOW;
    private int copyFrom = DEFAULT_COPY_FROM;
    private boolean migrate = true;
    private Path mirrorDirectory;
    private Duration mirrorPurgeDelay = LuceneVectorIndex.DEFAULT_PURGE_DELAY;

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

    /**
     * Batches of at least this many entries are loaded with binary COPY through a staging table.
     */
    public Builder copyFrom(int entries) {
      if (entries < 1) {
        throw new IllegalArgumentException("copyFrom must be at least 1, was " + entries);
      }
      this.copyFrom = entries;
      return this;
    }

    /**
     * Whether {@link #build()} runs the Flyway migrations (default); off when the schema is managed
     * elsewhere.
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * Searches a copy of each tenant kept in an embedded Lucene index under {@code directory}
     * (emptied at start), which the writes of every replica keep in step through PostgreSQL's
     * notices; PostgreSQL answers a tenant's searches until its copy is whole. Off by default.
     * {@code purgeDelay} is how soon a deleted ticket's text leaves the copy's files, as {@link
     * LuceneVectorIndex.Builder#purgeDelay} on the embedded backend.
     */
    public Builder mirror(Path directory, Duration purgeDelay) {
      this.mirrorDirectory = Objects.requireNonNull(directory, "directory");
      this.mirrorPurgeDelay = Objects.requireNonNull(purgeDelay, "purgeDelay");
      return this;
    }

    public PgVectorIndex build() {
      return new PgVectorIndex(this);
    }
  }
}
