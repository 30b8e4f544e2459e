package dev.sift.engine.coldstart;

import dev.sift.engine.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenants' explicit taxonomies, one JSON file per tenant under a directory, replaced atomically. The one place
 * that reads and writes them, so that a shared database can take over here.
 */
public final class TaxonomyStore {

  private final Path dir;
  private final JsonMapper json = JsonMapper.builder().build();
  private final ConcurrentHashMap<String, Optional<Versioned>> cache = new ConcurrentHashMap<>();

  /** A taxonomy with a version that changes on every write, for caches built from it. */
  public record Versioned(Taxonomy taxonomy, long version) {}

  public TaxonomyStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create taxonomy directory " + dir, e);
    }
  }

  public Optional<Versioned> get(String tenant) {
    return cache.computeIfAbsent(tenant, this::load);
  }

  /** Stores durably before returning. */
  public synchronized Versioned put(String tenant, Taxonomy taxonomy) {
    try {
      AtomicFiles.write(file(tenant), json.writeValueAsBytes(taxonomy));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write taxonomy of tenant " + tenant, e);
    }
    Versioned v = new Versioned(taxonomy, System.nanoTime());
    cache.put(tenant, Optional.of(v));
    return v;
  }

  public synchronized void delete(String tenant) {
    try {
      Files.deleteIfExists(file(tenant));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete taxonomy of tenant " + tenant, e);
    }
    cache.put(tenant, Optional.empty());
  }

  private Optional<Versioned> load(String tenant) {
    Path f = file(tenant);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    return Optional.of(new Versioned(json.readValue(f.toFile(), Taxonomy.class), System.nanoTime()));
  }

  private Path file(String tenant) {
    return dir.resolve(tenant + ".json");
  }
}
