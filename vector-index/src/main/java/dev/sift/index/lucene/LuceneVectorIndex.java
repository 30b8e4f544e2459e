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
import java.util.concurrent.ConcurrentHashMap;
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

  /** Below this many vectors an exact scan costs about a millisecond on 384 dimensions, so it is used. */
  public static final int DEFAULT_EXACT_SEARCH_BELOW = 10_000;

  private final Path root;
  private final int dimension;
  private final HnswParams hnsw;
  private final int exactSearchBelow;
  private final ConcurrentHashMap<String, TenantShard> shards = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private LuceneVectorIndex(Builder b) {
    this.root = b.directory;
    this.dimension = b.dimension;
    this.hnsw = b.hnsw;
    this.exactSearchBelow = b.exactSearchBelow;
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new IndexException("cannot create index directory " + root, e);
    }
    // Open every tenant now, so that a damaged index fails at start-up rather than at the first request.
    for (String tenant : tenants()) {
      shard(tenant, false);
    }
  }

  public static Builder builder(Path directory, int dimension) {
    return new Builder(directory, dimension);
  }

  @Override
  public void upsertAll(String tenant, List<Entry> entries) {
    for (Entry e : entries) {
      checkDimension(e.vector());
    }
    shard(tenant, true).upsertAll(entries);
  }

  @Override
  public boolean delete(String tenant, String id) {
    TenantShard s = shard(tenant, false);
    return s != null && s.delete(id);
  }

  @Override
  public List<Hit> search(String tenant, float[] vector, int k) {
    checkDimension(vector);
    requirePositive(k);
    TenantShard s = shard(tenant, false);
    if (s == null) {
      return List.of();
    }
    return s.count() < exactSearchBelow ? s.searchExact(vector, k) : s.searchHnsw(vector, k, hnsw.searchCandidates());
  }

  /** Exact search regardless of size; the reference that HNSW recall is measured against. */
  public List<Hit> searchExact(String tenant, float[] vector, int k) {
    checkDimension(vector);
    TenantShard s = shard(tenant, false);
    return s == null ? List.of() : s.searchExact(vector, k);
  }

  /** Graph search regardless of size, gathering {@code candidates} before keeping the best {@code k}. */
  public List<Hit> searchHnsw(String tenant, float[] vector, int k, int candidates) {
    checkDimension(vector);
    TenantShard s = shard(tenant, false);
    return s == null ? List.of() : s.searchHnsw(vector, k, candidates);
  }

  @Override
  public List<Hit> searchText(String tenant, String text, int k) {
    requirePositive(k);
    TenantShard s = shard(tenant, false);
    return s == null ? List.of() : s.searchText(text, k);
  }

  @Override
  public long count(String tenant) {
    TenantShard s = shard(tenant, false);
    return s == null ? 0 : s.count();
  }

  @Override
  public Optional<Entry> get(String tenant, String id) {
    TenantShard s = shard(tenant, false);
    return s == null ? Optional.empty() : s.get(id);
  }

  @Override
  public void forEach(String tenant, Consumer<Entry> visitor) {
    TenantShard s = shard(tenant, false);
    if (s != null) {
      s.forEach(visitor);
    }
  }

  @Override
  public Set<String> tenants() {
    Set<String> names = new TreeSet<>(shards.keySet());
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
    TenantNames.require(tenant);
    TenantShard s = shards.remove(tenant);
    if (s != null) {
      s.close();
    }
    Path dir = root.resolve(tenant);
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw new IndexException("cannot delete tenant directory " + dir, e);
      }
    }
  }

  @Override
  public long sizeInBytes(String tenant) {
    TenantShard s = shard(tenant, false);
    return s == null ? 0 : s.sizeInBytes();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public void close() {
    closed = true;
    shards.values().forEach(TenantShard::close);
    shards.clear();
  }

  private TenantShard shard(String tenant, boolean create) {
    TenantNames.require(tenant);
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

    public LuceneVectorIndex build() {
      return new LuceneVectorIndex(this);
    }
  }
}
