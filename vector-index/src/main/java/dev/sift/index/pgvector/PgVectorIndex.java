package dev.sift.index.pgvector;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import dev.sift.index.internal.Checks;
import dev.sift.index.internal.LexicalTerms;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * PostgreSQL with pgvector: every tenant in one table {@code sift_ticket}, keyed by (tenant, id),
 * for several stateless Sift replicas sharing one database.
 *
 * <p>Vectors are searched by inner product on unit vectors (the cosine, as in the Lucene backend).
 * Tenants with fewer than {@link PgVectorIndexBuilder#exactSearchBelow(int)} entries are scanned
 * exactly, so that a small tenant in a large table gets its true nearest neighbours; larger tenants
 * use the shared HNSW index with pgvector 0.8's iterative scan. Lexical search is BM25 computed in
 * SQL over postings of the Lucene backend's analysis: see docs/pgvector.md.
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

  /** Empty unless {@link PgVectorIndexBuilder#mirror} was set. */
  private final Optional<Mirror> mirror;

  PgVectorIndex(PgVectorIndexBuilder b) {
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
        Optional.ofNullable(b.mirrorDirectory)
            .map(
                dir ->
                    new Mirror(
                        transactions,
                        b.dataSource,
                        dir,
                        MirrorRows.openLocal(
                            dir, dimension, b.mirrorPurgeDelay, b.hnsw, b.exactSearchBelow)));
  }

  public static PgVectorIndexBuilder builder(DataSource dataSource, int dimension) {
    return new PgVectorIndexBuilder(dataSource, dimension);
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
    mirror.ifPresent(m -> m.changed(tenant, entries.stream().map(Entry::id).toList()));
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
    if (deleted) {
      mirror.ifPresent(m -> m.changed(tenant, List.of(id)));
    }
    return deleted;
  }

  @Override
  public List<Hit> search(String tenant, float[] vector, int k) {
    TenantNames.requireStored(tenant);
    Checks.requireDimension(vector, dimension);
    Checks.requirePositive(k);
    return mirror
        .flatMap(m -> m.search(tenant, vector, k))
        .orElseGet(
            () ->
                transactions.run(
                    "search tenant " + tenant, c -> vectors.search(c, tenant, vector, k)));
  }

  /** Whether the tenant's searches are answered by this replica's mirror now (for tests). */
  boolean mirrorAnswers(String tenant) {
    return mirror.map(m -> m.answers(tenant)).orElse(false);
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
    String cleaned = text == null ? null : Rows.clean(text);
    List<String> terms = LexicalTerms.queryTerms(cleaned);
    if (terms.isEmpty()) {
      return List.of();
    }
    return mirror
        .flatMap(m -> m.searchText(tenant, cleaned, k))
        .orElseGet(
            () ->
                transactions.run(
                    "text search in tenant " + tenant, c -> Postings.search(c, tenant, terms, k)));
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
    return mirror
        .flatMap(m -> m.hasEntries(tenant))
        .orElseGet(() -> transactions.run("look up tenant " + tenant, c -> Tickets.has(c, tenant)));
  }

  @Override
  public void deleteTenant(String tenant) {
    TenantNames.requireStored(tenant);
    writes.deleteTenant(tenant);
    mirror.ifPresent(m -> m.replaced(tenant));
  }

  /** One transaction: other sessions see the old rows or the new ones (MVCC), never a mix. */
  @Override
  public void replaceTenant(String tenant, String staging) {
    TenantNames.require(tenant);
    if (!TenantNames.isStaging(staging)) {
      throw new IllegalArgumentException("not a staging name: '" + staging + "'");
    }
    writes.replaceTenant(tenant, staging);
    mirror.ifPresent(m -> m.replaced(tenant));
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
    mirror.ifPresent(Mirror::close);
    graph.close();
    writes.close();
    transactions.close();
  }
}
