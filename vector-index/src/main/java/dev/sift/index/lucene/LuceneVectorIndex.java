package dev.sift.index.lucene;

import dev.sift.index.Entry;
import dev.sift.index.HnswParams;
import dev.sift.index.Hit;
import dev.sift.index.IndexException;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The embedded default: Apache Lucene on local disk, one index directory per tenant.
 *
 * <p>One directory per tenant, rather than one shared index with a tenant filter, because it makes isolation
 * physical (a query cannot reach another tenant's segments), gives each tenant its own HNSW graph (so a filter never
 * starves the graph search of a small tenant), and lets a tenant be rebuilt, swapped or dropped as a directory.
 *
 * <p>Tenants below {@link Builder#exactSearchBelow(int)} entries are searched exactly, by a scan of all vectors;
 * larger ones use the HNSW graph with a widened candidate list.
 */
public final class LuceneVectorIndex implements VectorIndex {

  /**
   * How long after a delete its tenant's segments are rewritten without the deleted tickets. A rewrite costs seconds
   * to minutes of one core on a large tenant (docs/benchmarks.md), so deletes within this delay share one, and a
   * tenant is rewritten at most this often however many deletes arrive; erasure laws count in days, not minutes.
   */
  public static final Duration DEFAULT_PURGE_DELAY = Duration.ofMinutes(10);
  /** Below this many vectors an exact scan costs about a millisecond on 384 dimensions, so it is used. */
  public static final int DEFAULT_EXACT_SEARCH_BELOW = 10_000;

  private final Path root;
  private final int dimension;
  private final HnswParams hnsw;
  private final int exactSearchBelow;
  private final ConcurrentHashMap<String, TenantShard> shards = new ConcurrentHashMap<>();
  /**
   * Every operation holds the read lock; swapping or dropping a tenant's directory holds the write lock, so no
   * search runs on a shard while it is closed. The write lock is held for milliseconds (close, two renames).
   */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
  private volatile boolean closed;
  private final PurgeList purgeList;
  private final PurgeSchedule purges;

  private LuceneVectorIndex(Builder b) {
    this.root = b.directory;
    this.dimension = b.dimension;
    this.hnsw = b.hnsw;
    this.exactSearchBelow = b.exactSearchBelow;
    this.purgeList = new PurgeList(root);
    this.purges = new PurgeSchedule(b.purgeDelay, this::purgeDeleted);
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new IndexException("cannot create index directory " + root, e);
    }
    DirectorySwap.recover(root);
    // Open every tenant now, so that a damaged index fails at start-up rather than at the first request.
    for (String tenant : tenants()) {
      shard(tenant, false);
      // Deletes whose purge a crash or shutdown cut short are purged now.
      if (!purgeList.read(tenant).isEmpty()) {
        purges.schedule(tenant);
      }
    }
  }

  public static Builder builder(Path directory, int dimension) {
    return new Builder(directory, dimension);
  }

  @Override
  public void upsertAll(String tenant, List<Entry> entries) {
    lock.readLock().lock();
    try {
      for (Entry e : entries) {
        checkDimension(e.vector());
      }
      shard(tenant, true).upsertAll(entries);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public boolean delete(String tenant, String id) {
    lock.readLock().lock();
    try {
      TenantShard s = shard(tenant, false);
      if (s == null || s.get(id).isEmpty()) {
        return false;
      }
      // Listed first and durably: a crash right after the delete still finds the ticket to purge.
      purgeList.add(tenant, id);
      boolean deleted = s.delete(id);
      purges.schedule(tenant);
      return deleted;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Rewrites the tenant's segments that still hold deleted tickets, now, and returns how many were dropped. A delete
   * hides a ticket from every read at once, but Lucene keeps its bytes in the segment file until that segment is
   * merged; a delete schedules this purge {@link Builder#purgeDelay after a delay}, so an erased ticket's text
   * leaves the disk within that delay plus the rewrite.
   */
  public int purgeDeleted(String tenant) {
    purges.started(tenant);
    Set<String> erased = purgeList.read(tenant);
    if (erased.isEmpty()) {
      return 0;
    }
    TenantShard s;
    lock.readLock().lock();
    try {
      s = closed ? null : shard(tenant, false);
    } finally {
      lock.readLock().unlock();
    }
    if (s == null) {
      return 0;
    }
    // The rewrite can take minutes on a large tenant (HNSW graph included), so it runs without the index lock: a
    // swap or drop waiting for that lock would hold up every search. If the shard is closed meanwhile, its writer
    // is rolled back, the rewrite stops, and the swapped-in index has nothing deleted.
    Set<String> gone;
    try {
      gone = s.purge(erased);
    } catch (IndexException | org.apache.lucene.store.AlreadyClosedException e) {
      if (shards.get(tenant) != s) {
        return 0; // swapped or dropped meanwhile
      }
      throw e;
    }
    if (!purgeList.remove(tenant, gone).isEmpty()) {
      purges.schedule(tenant); // a merge still held some, or new deletes came: again after the delay
    }
    return gone.size();
  }

  /** Deleted tickets of the tenant still present in its segment files. */
  public int deletedNotPurged(String tenant) {
    lock.readLock().lock();
    try {
      TenantShard s = shard(tenant, false);
      return s == null ? 0 : s.deletedDocuments();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Hit> search(String tenant, float[] vector, int k) {
    lock.readLock().lock();
    try {
      checkDimension(vector);
      requirePositive(k);
      TenantShard s = shard(tenant, false);
      if (s == null) {
        return List.of();
      }
      return s.count() < exactSearchBelow ? s.searchExact(vector, k) : s.searchHnsw(vector, k, hnsw.searchCandidates());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Exact search regardless of size; the reference that HNSW recall is measured against. */
  public List<Hit> searchExact(String tenant, float[] vector, int k) {
    lock.readLock().lock();
    try {
      checkDimension(vector);
      TenantShard s = shard(tenant, false);
      return s == null ? List.of() : s.searchExact(vector, k);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Graph search regardless of size, gathering {@code candidates} before keeping the best {@code k}. */
  public List<Hit> searchHnsw(String tenant, float[] vector, int k, int candidates) {
    lock.readLock().lock();
    try {
      checkDimension(vector);
      TenantShard s = shard(tenant, false);
      return s == null ? List.of() : s.searchHnsw(vector, k, candidates);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Hit> searchText(String tenant, String text, int k) {
    lock.readLock().lock();
    try {
      requirePositive(k);
      TenantShard s = shard(tenant, false);
      return s == null ? List.of() : s.searchText(text, k);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long count(String tenant) {
    lock.readLock().lock();
    try {
      TenantShard s = shard(tenant, false);
      return s == null ? 0 : s.count();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<Entry> get(String tenant, String id) {
    lock.readLock().lock();
    try {
      TenantShard s = shard(tenant, false);
      return s == null ? Optional.empty() : s.get(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void forEach(String tenant, Consumer<Entry> visitor) {
    lock.readLock().lock();
    try {
      TenantShard s = shard(tenant, false);
      if (s != null) {
        s.forEach(visitor);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Set<String> tenants() {
    Set<String> names = new TreeSet<>();
    shards.keySet().stream().filter(TenantNames::isValid).forEach(names::add); // never staging names
    try (Stream<Path> dirs = Files.list(root)) {
      dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(TenantNames::isValid)
          .forEach(names::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  @Override
  public boolean hasTenant(String tenant) {
    return TenantNames.isValid(tenant) && (shards.containsKey(tenant) || Files.isDirectory(root.resolve(tenant)));
  }

  @Override
  public void deleteTenant(String tenant) {
    TenantNames.requireStored(tenant);
    lock.writeLock().lock();
    try {
      TenantShard s = shards.remove(tenant);
      if (s != null) {
        s.close();
      }
      DirectorySwap.deleteDirectory(root.resolve(tenant));
      purgeList.delete(tenant);
    } catch (IOException e) {
      throw new IndexException("cannot drop the purge list of tenant " + tenant, e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Closes both shards, moves the live directory aside, renames the staging directory into its place and deletes
   * the old one. Each rename is atomic; a crash between them is repaired at the next open
   * ({@link DirectorySwap#recover}), which puts back whichever directory is complete.
   */
  @Override
  public void replaceTenant(String tenant, String staging) {
    TenantNames.require(tenant);
    if (!TenantNames.isStaging(staging)) {
      throw new IllegalArgumentException("not a staging name: '" + staging + "'");
    }
    lock.writeLock().lock();
    try {
      closeShard(staging);
      Path stagingDir = root.resolve(staging);
      if (!Files.isDirectory(stagingDir)) {
        // An empty rebuild: nothing was written, so the tenant becomes empty.
        TenantShard.open(stagingDir, dimension, hnsw).close();
      }
      closeShard(tenant);
      DirectorySwap.swap(root, tenant, staging);
      // The old index is gone with its deleted tickets; the rebuilt one's own deletes (replayed during the
      // rebuild) still have to be purged, now under the tenant's name.
      if (purgeList.takeOver(tenant, staging)) {
        purges.schedule(tenant);
      }
    } catch (IOException e) {
      throw new IndexException("cannot swap the rebuilt index of tenant " + tenant, e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void closeShard(String name) {
    TenantShard s = shards.remove(name);
    if (s != null) {
      s.close();
    }
  }

  @Override
  public long sizeInBytes(String tenant) {
    lock.readLock().lock();
    try {
      TenantShard s = shard(tenant, false);
      return s == null ? 0 : s.sizeInBytes();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public void close() {
    // A purge not yet run is run at the next open, which finds the deleted documents still there.
    purges.close();
    lock.writeLock().lock();
    try {
      closed = true;
      shards.values().forEach(TenantShard::close);
      shards.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private TenantShard shard(String tenant, boolean create) {
    TenantNames.requireStored(tenant);
    if (closed) {
      throw new IndexException("index at " + root + " is closed");
    }
    TenantShard s = shards.get(tenant);
    if (s != null) {
      return s;
    }
    Path dir = root.resolve(tenant);
    if (!create && !Files.isDirectory(dir)) {
      return null;
    }
    return shards.computeIfAbsent(tenant, t -> TenantShard.open(dir, dimension, hnsw));
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
