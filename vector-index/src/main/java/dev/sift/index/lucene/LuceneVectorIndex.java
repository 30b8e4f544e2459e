package dev.sift.index.lucene;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.HnswParams;
import dev.sift.index.IndexException;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import dev.sift.index.internal.Checks;
import dev.sift.index.internal.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The embedded default: Apache Lucene on local disk, one index directory per tenant.
 *
 * <p>One directory per tenant, rather than one shared index with a tenant filter, because it makes
 * isolation physical (a query cannot reach another tenant's segments), gives each tenant its own
 * HNSW graph (so a filter never starves the graph search of a small tenant), and lets a tenant be
 * rebuilt, swapped or dropped as a directory.
 *
 * <p>Tenants below {@link Builder#exactSearchBelow(int)} entries are searched exactly, by a scan of
 * all vectors; larger ones use the HNSW graph with a widened candidate list.
 */
public final class LuceneVectorIndex implements VectorIndex {

  /**
   * How long after a delete its tenant's segments are rewritten without the deleted tickets. A
   * rewrite costs seconds to minutes of one core on a large tenant (docs/benchmarks.md), so deletes
   * within this delay share one, and a tenant is rewritten at most this often however many deletes
   * arrive; erasure laws count in days, not minutes.
   */
  public static final Duration DEFAULT_PURGE_DELAY = Duration.ofMinutes(10);

  /**
   * Below this many vectors an exact scan costs about a millisecond on 384 dimensions, so it is
   * used.
   */
  public static final int DEFAULT_EXACT_SEARCH_BELOW = 10_000;

  private final Path root;
  private final int dimension;
  private final HnswParams hnsw;
  private final int exactSearchBelow;
  private final Shards shards;
  private final Purger purger;

  private LuceneVectorIndex(Builder b) {
    this.root = b.directory;
    this.dimension = b.dimension;
    this.hnsw = b.hnsw;
    this.exactSearchBelow = b.exactSearchBelow;
    this.shards = new Shards(root, dimension, hnsw);
    this.purger = new Purger(root, shards, b.purgeDelay);
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new IndexException("cannot create index directory " + root, e);
    }
    DirectorySwap.recover(root);
    // Open every tenant now, so that a damaged index fails at start-up rather than at the first
    // request.
    for (String tenant : tenants()) {
      shards.withShard(tenant, false, null, s -> null);
      purger.resume(tenant);
    }
  }

  public static Builder builder(Path directory, int dimension) {
    return new Builder(directory, dimension);
  }

  @Override
  public void upsertAll(String tenant, List<Entry> entries) {
    for (Entry e : entries) {
      Checks.requireDimension(e.vector(), dimension);
    }
    shards.withShard(
        tenant,
        true,
        null,
        s -> {
          s.upsertAll(entries);
          return null;
        });
  }

  @Override
  public boolean delete(String tenant, String id) {
    return shards.withShard(tenant, false, false, s -> purger.delete(tenant, s, id));
  }

  /**
   * Rewrites the tenant's segments that still hold deleted tickets, now, and returns how many were
   * dropped. A delete hides a ticket from every read at once, but Lucene keeps its bytes in the
   * segment file until that segment is merged; a delete schedules this purge {@link
   * Builder#purgeDelay after a delay}, so an erased ticket's text leaves the disk within that delay
   * plus the rewrite.
   */
  public int purgeDeleted(String tenant) {
    return purger.purgeDeleted(tenant);
  }

  /** Deleted tickets of the tenant still present in its segment files. */
  public int deletedNotPurged(String tenant) {
    return shards.withShard(tenant, false, 0, TenantShard::deletedDocuments);
  }

  @Override
  public List<Hit> search(String tenant, float[] vector, int k) {
    Checks.requireDimension(vector, dimension);
    Checks.requirePositive(k);
    return shards.withShard(
        tenant,
        false,
        List.of(),
        s ->
            s.count() < exactSearchBelow
                ? s.searchExact(vector, k)
                : s.searchHnsw(vector, k, hnsw.searchCandidates()));
  }

  /** Exact search regardless of size; the reference that HNSW recall is measured against. */
  public List<Hit> searchExact(String tenant, float[] vector, int k) {
    Checks.requireDimension(vector, dimension);
    return shards.withShard(tenant, false, List.of(), s -> s.searchExact(vector, k));
  }

  /**
   * Graph search regardless of size, gathering {@code candidates} before keeping the best {@code
   * k}.
   */
  public List<Hit> searchHnsw(String tenant, float[] vector, int k, int candidates) {
    Checks.requireDimension(vector, dimension);
    return shards.withShard(tenant, false, List.of(), s -> s.searchHnsw(vector, k, candidates));
  }

  @Override
  public List<Hit> searchText(String tenant, String text, int k) {
    Checks.requirePositive(k);
    return shards.withShard(tenant, false, List.of(), s -> s.searchText(text, k));
  }

  @Override
  public long count(String tenant) {
    return shards.withShard(tenant, false, 0L, TenantShard::count);
  }

  @Override
  public Optional<Entry> get(String tenant, String id) {
    return shards.withShard(tenant, false, Optional.empty(), s -> s.get(id));
  }

  @Override
  public void forEach(String tenant, Consumer<Entry> visitor) {
    shards.withShard(
        tenant,
        false,
        null,
        s -> {
          s.forEach(visitor);
          return null;
        });
  }

  @Override
  public Set<String> tenants() {
    return shards.tenants();
  }

  @Override
  public boolean hasTenant(String tenant) {
    return shards.has(tenant);
  }

  @Override
  public void deleteTenant(String tenant) {
    TenantNames.requireStored(tenant);
    try {
      shards.exclusive(
          () -> {
            shards.close(tenant);
            Directories.deleteRecursively(root.resolve(tenant));
            purger.forget(tenant);
          });
    } catch (IOException e) {
      throw new IndexException("cannot drop the purge list of tenant " + tenant, e);
    }
  }

  /**
   * Closes both shards, moves the live directory aside, renames the staging directory into its
   * place and deletes the old one. Each rename is atomic; a crash between them is repaired at the
   * next open ({@link DirectorySwap#recover}), which puts back whichever directory is complete.
   */
  @Override
  public void replaceTenant(String tenant, String staging) {
    TenantNames.require(tenant);
    if (!TenantNames.isStaging(staging)) {
      throw new IllegalArgumentException("not a staging name: '" + staging + "'");
    }
    try {
      shards.exclusive(
          () -> {
            shards.close(staging);
            Path stagingDir = root.resolve(staging);
            if (!Files.isDirectory(stagingDir)) {
              // An empty rebuild: nothing was written, so the tenant becomes empty.
              TenantShard.open(stagingDir, dimension, hnsw).close();
            }
            shards.close(tenant);
            DirectorySwap.swap(root, tenant, staging);
            purger.takeOver(tenant, staging);
          });
    } catch (IOException e) {
      throw new IndexException("cannot swap the rebuilt index of tenant " + tenant, e);
    }
  }

  @Override
  public long sizeInBytes(String tenant) {
    return shards.withShard(tenant, false, 0L, TenantShard::sizeInBytes);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public void close() {
    // A purge not yet run is run at the next open, which finds the deleted documents still there.
    purger.close();
    shards.closeAll();
  }

  /** Settings for a {@link LuceneVectorIndex}. */
  public static final class Builder {
    private final Path directory;
    private final int dimension;
    private HnswParams hnsw = HnswParams.DEFAULT;
    private int exactSearchBelow = DEFAULT_EXACT_SEARCH_BELOW;
    private Duration purgeDelay = DEFAULT_PURGE_DELAY;

    private Builder(Path directory, int dimension) {
      if (dimension < 1) {
        throw new IllegalArgumentException("dimension must be positive, was " + dimension);
      }
      this.directory = directory;
      this.dimension = dimension;
    }

    public Builder hnsw(HnswParams params) {
      this.hnsw = params;
      return this;
    }

    /** Tenants with fewer entries than this are searched exactly; 0 turns exact search off. */
    public Builder exactSearchBelow(int entries) {
      this.exactSearchBelow = entries;
      return this;
    }

    /** How long after a delete the tenant's deleted tickets are purged from its segment files. */
    public Builder purgeDelay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("purge delay must not be negative, was " + delay);
      }
      this.purgeDelay = delay;
      return this;
    }

    public LuceneVectorIndex build() {
      return new LuceneVectorIndex(this);
    }
  }
}
