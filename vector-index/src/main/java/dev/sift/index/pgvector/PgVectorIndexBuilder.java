package dev.sift.index.pgvector;

import dev.sift.index.HnswParams;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/** Builds a {@link PgVectorIndex}; {@link #build()} runs the migrations. */
public final class PgVectorIndexBuilder {
  final DataSource dataSource;
  final int dimension;
  HnswParams hnsw = HnswParams.DEFAULT;
  int exactSearchBelow = PgVectorIndex.DEFAULT_EXACT_SEARCH_BELOW;
  int copyFrom = PgVectorIndex.DEFAULT_COPY_FROM;
  boolean migrate = true;
  Path mirrorDirectory;
  Duration mirrorPurgeDelay = LuceneVectorIndex.DEFAULT_PURGE_DELAY;

  PgVectorIndexBuilder(DataSource dataSource, int dimension) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive, was " + dimension);
    }
    this.dimension = dimension;
  }

  /** Graph degree and construction beam of a new HNSW index, and the ef_search of every query. */
  public PgVectorIndexBuilder hnsw(HnswParams params) {
    this.hnsw = Objects.requireNonNull(params, "params");
    return this;
  }

  /** Tenants with fewer entries than this are searched exactly; 0 always uses the HNSW index. */
  public PgVectorIndexBuilder exactSearchBelow(int entries) {
    if (entries < 0) {
      throw new IllegalArgumentException("exactSearchBelow must not be negative, was " + entries);
    }
    this.exactSearchBelow = entries;
    return this;
  }

  /** Batches of at least this many entries are loaded with binary COPY through a staging table. */
  public PgVectorIndexBuilder copyFrom(int entries) {
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
  public PgVectorIndexBuilder migrate(boolean migrate) {
    this.migrate = migrate;
    return this;
  }

  /**
   * Searches a copy of each tenant kept in an embedded Lucene index under {@code directory}
   * (emptied at start), which the writes of every replica keep in step through PostgreSQL's
   * notices; PostgreSQL answers a tenant's searches until its copy is whole. Off by default. {@code
   * purgeDelay} is how soon a deleted ticket's text leaves the copy's files, as {@link
   * LuceneVectorIndex.Builder#purgeDelay} on the embedded backend.
   */
  public PgVectorIndexBuilder mirror(Path directory, Duration purgeDelay) {
    this.mirrorDirectory = Objects.requireNonNull(directory, "directory");
    this.mirrorPurgeDelay = Objects.requireNonNull(purgeDelay, "purgeDelay");
    return this;
  }

  public PgVectorIndex build() {
    return new PgVectorIndex(this);
  }
}
