package dev.sift.engine.coldstart;

import dev.sift.engine.state.StateStore;
import java.time.Duration;
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
  private static final Duration RECHECK = Duration.ofSeconds(5);

  private final StateStore store;
  private final long recheckNanos;
  private final JsonMapper json = JsonMapper.builder().build();
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  /** A taxonomy with a version that changes on every write, for caches built from it. */
  public record Versioned(Taxonomy taxonomy, long version) {}

  private record Cached(Optional<Versioned> value, long checkedAt) {}

  public TaxonomyStore(StateStore store) {
    this(store, RECHECK);
  }

  /** With how long a copy (or an absence, for {@link #recent}) is trusted on a shared store. */
  TaxonomyStore(StateStore store, Duration recheck) {
    this.store = store;
    this.recheckNanos = recheck.toNanos();
  }

  /**
   * The tenant's taxonomy. On a shared store an absence is looked up again on every call (one
   * indexed read), so that a tenant created through another replica by putting its taxonomy is
   * known at once; a taxonomy held may be up to {@link #RECHECK} old.
   */
  public Optional<Versioned> get(String tenant) {
    return get(tenant, true);
  }

  /**
   * As {@link #get}, but an absence is trusted as long as a taxonomy is: for a tenant already known
   * by its history, whose triage then reads no taxonomy from the database at all between rechecks.
   * A taxonomy put for it through another replica takes effect here up to {@link #RECHECK} later,
   * as a changed one does.
   */
  public Optional<Versioned> recent(String tenant) {
    return get(tenant, false);
  }

  private Optional<Versioned> get(String tenant, boolean absenceRechecked) {
    long now = System.nanoTime();
    Cached cached = cache.get(tenant);
    if (cached != null
        && (!store.shared()
            || (cached.value().isPresent() || !absenceRechecked)
                && now - cached.checkedAt() < recheckNanos)) {
      return cached.value();
    }
    if (cached != null) {
      OptionalLong stored = store.version(tenant);
      long mine = cached.value().map(Versioned::version).orElse(0L);
      if (stored.orElse(0L) == mine) {
        remember(tenant, cached.value(), now);
        return cached.value();
      }
    }
    Optional<Versioned> loaded =
        store
            .read(tenant)
            .map(v -> new Versioned(json.readValue(v.content(), Taxonomy.class), v.version()));
    remember(tenant, loaded, now);
    return loaded;
  }

  /**
   * Caches what a read or write found as of {@code at}, unless one that ended later is cached
   * already: a triage's read that began before a put must not replace the put's taxonomy with the
   * absence it found, which {@link #recent} would then trust for {@link #RECHECK}.
   */
  private void remember(String tenant, Optional<Versioned> value, long at) {
    cache.merge(
        tenant,
        new Cached(value, at),
        (held, found) -> held.checkedAt() - found.checkedAt() > 0 ? held : found);
  }

  /** Stores durably before returning. */
  public Versioned put(String tenant, Taxonomy taxonomy) {
    long version = store.write(tenant, json.writeValueAsBytes(taxonomy));
    Versioned v = new Versioned(taxonomy, version);
    remember(tenant, Optional.of(v), System.nanoTime());
    return v;
  }

  /** Every tenant with a taxonomy stored. */
  public java.util.Set<String> tenants() {
    return store.tenants();
  }

  public void delete(String tenant) {
    store.delete(tenant);
    remember(tenant, Optional.empty(), System.nanoTime());
  }
}
