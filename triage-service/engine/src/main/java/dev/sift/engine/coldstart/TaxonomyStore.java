package dev.sift.engine.coldstart;

import dev.sift.engine.state.StateStore;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenants' explicit taxonomies, one JSON document per tenant in a {@link StateStore}: files for one
 * instance, or PostgreSQL on the pgvector backend, so that a taxonomy put through one replica is
 * used by all of them.
 */
public final class TaxonomyStore {

  /** The state kind taxonomies are stored under. */
  public static final String KIND = "taxonomies";

  /** How long a replica trusts its copy before checking the shared version again. */
  private static final long RECHECK_NANOS = 5_000_000_000L;

  private final StateStore store;
  private final JsonMapper json = JsonMapper.builder().build();
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  /** A taxonomy with a version that changes on every write, for caches built from it. */
  public record Versioned(Taxonomy taxonomy, long version) {}

  private record Cached(Optional<Versioned> value, long checkedAt) {}

  public TaxonomyStore(StateStore store) {
    this.store = store;
  }

  public Optional<Versioned> get(String tenant) {
    long now = System.nanoTime();
    Cached cached = cache.get(tenant);
    // On a shared store an absence is always rechecked (one indexed lookup), so a tenant created
    // through another replica is known at once; a taxonomy held may be up to RECHECK_NANOS old.
    if (cached != null
        && (!store.shared()
            || cached.value().isPresent() && now - cached.checkedAt() < RECHECK_NANOS)) {
      return cached.value();
    }
    if (cached != null) {
      OptionalLong stored = store.version(tenant);
      long mine = cached.value().map(Versioned::version).orElse(0L);
      if (stored.orElse(0L) == mine) {
        cache.put(tenant, new Cached(cached.value(), now));
        return cached.value();
      }
    }
    Optional<Versioned> loaded =
        store
            .read(tenant)
            .map(v -> new Versioned(json.readValue(v.content(), Taxonomy.class), v.version()));
    cache.put(tenant, new Cached(loaded, now));
    return loaded;
  }

  /** Stores durably before returning. */
  public Versioned put(String tenant, Taxonomy taxonomy) {
    long version = store.write(tenant, json.writeValueAsBytes(taxonomy));
    Versioned v = new Versioned(taxonomy, version);
    cache.put(tenant, new Cached(Optional.of(v), System.nanoTime()));
    return v;
  }

  /** Every tenant with a taxonomy stored. */
  public java.util.Set<String> tenants() {
    return store.tenants();
  }

  public void delete(String tenant) {
    store.delete(tenant);
    cache.put(tenant, new Cached(Optional.empty(), System.nanoTime()));
  }
}
