package dev.sift.index.lucene;

import dev.sift.index.HnswParams;
import dev.sift.index.IndexException;
import dev.sift.index.TenantNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The tenant shards of one index directory, each opened on first use and kept open, and the lock
 * that keeps reads and writes off a shard while a swap or a drop closes it.
 */
final class Shards {

  /** Work under the write lock, on directories no open shard uses. */
  interface Exclusive {
    void run() throws IOException;
  }

  private final Path root;
  private final int dimension;
  private final HnswParams hnsw;
  private final ConcurrentHashMap<String, TenantShard> open = new ConcurrentHashMap<>();

  /**
   * Every operation holds the read lock; swapping or dropping a tenant's directory holds the write
   * lock, so no search runs on a shard while it is closed. The write lock is held for milliseconds
   * (close, two renames).
   */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

  private volatile boolean closed;

  Shards(Path root, int dimension, HnswParams hnsw) {
    this.root = root;
    this.dimension = dimension;
    this.hnsw = hnsw;
  }

  /**
   * Runs {@code work} under the read lock on the tenant's shard, created if {@code create}; else
   * absent if none.
   */
  <T> T withShard(String tenant, boolean create, T absent, Function<TenantShard, T> work) {
    lock.readLock().lock();
    try {
      TenantShard s = shard(tenant, create);
      return s == null ? absent : work.apply(s);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The tenant's shard, or null if it has none or the index is closed: for work that must not hold
   * the lock.
   */
  TenantShard find(String tenant) {
    lock.readLock().lock();
    try {
      return closed ? null : shard(tenant, false);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Whether {@code s} is still the tenant's open shard (not swapped or dropped since it was found).
   */
  boolean isCurrent(String tenant, TenantShard s) {
    return open.get(tenant) == s;
  }

  void exclusive(Exclusive work) throws IOException {
    lock.writeLock().lock();
    try {
      work.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Closes the shard of this tenant or staging name, if open; only under {@link #exclusive}. */
  void close(String name) {
    TenantShard s = open.remove(name);
    if (s != null) {
      s.close();
    }
  }

  Set<String> tenants() {
    Set<String> names = new TreeSet<>();
    open.keySet().stream().filter(TenantNames::isValid).forEach(names::add); // never staging names
    try (Stream<Path> dirs = Files.list(root)) {
      dirs.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(TenantNames::isValid)
          .forEach(names::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  boolean has(String tenant) {
    return TenantNames.isValid(tenant)
        && (open.containsKey(tenant) || Files.isDirectory(root.resolve(tenant)));
  }

  /** Closes every shard once the operations under way are done; later ones fail. */
  void closeAll() {
    lock.writeLock().lock();
    try {
      closed = true;
      open.values().forEach(TenantShard::close);
      open.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private TenantShard shard(String tenant, boolean create) {
    TenantNames.requireStored(tenant);
    if (closed) {
      throw new IndexException("index at " + root + " is closed");
    }
    TenantShard s = open.get(tenant);
    if (s != null) {
      return s;
    }
    Path dir = root.resolve(tenant);
    if (!create && !Files.isDirectory(dir)) {
      return null;
    }
    return open.computeIfAbsent(tenant, t -> TenantShard.open(dir, dimension, hnsw));
  }
}
