package dev.sift.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sift.embedding.Embedder;
import dev.sift.index.VectorIndex;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which embedding model each tenant's stored vectors come from, and the embedder for it: the
 * configured one, or an earlier model loaded on demand until the tenant is re-embedded, so that one
 * search never mixes two models.
 */
final class TenantEmbedders implements AutoCloseable {

  /**
   * How long a tenant's model is trusted before it is read again, so replicas notice another's
   * re-embed.
   */
  private static final Duration MODEL_CACHE = Duration.ofSeconds(5);

  private final Embedder configured;
  private final VectorIndex index;
  private final Function<String, Embedder> legacyLoader;
  private final Map<String, Embedder> legacy = new ConcurrentHashMap<>();

  /** Each tenant's model id, empty for a tenant with no tickets. */
  private final Cache<String, Optional<String>> tenantModels =
      Caffeine.newBuilder().expireAfterWrite(MODEL_CACHE).build();

  TenantEmbedders(Embedder configured, VectorIndex index, Function<String, Embedder> legacyLoader) {
    this.configured = configured;
    this.index = index;
    this.legacyLoader = legacyLoader;
  }

  Embedder configured() {
    return configured;
  }

  /** The embedder matching the tenant's stored vectors. */
  Embedder forTenant(String tenant) {
    String model = modelOf(tenant);
    if (model == null || model.equals(configured.modelId())) {
      return configured;
    }
    Embedder old =
        legacy.computeIfAbsent(
            model,
            id -> {
              Embedder loaded = legacyLoader.apply(id);
              if (loaded != null && loaded.dimension() != index.dimension()) {
                loaded.close();
                return null;
              }
              return loaded;
            });
    if (old == null) {
      throw new ModelUnavailableException(tenant, model);
    }
    return old;
  }

  /** The model that embedded the tenant's stored tickets, or null for a tenant with none. */
  String modelOf(String tenant) {
    return tenantModels.get(tenant, this::readModel).orElse(null);
  }

  private Optional<String> readModel(String tenant) {
    // Any stored ticket says which model embedded the tenant: the nearest to an arbitrary unit
    // vector will do.
    float[] probe = new float[index.dimension()];
    probe[0] = 1;
    return index.search(tenant, probe, 1).stream()
        .findFirst()
        .map(h -> h.payload().attribute(TicketDocuments.MODEL));
  }

  /** Each tenant with stored tickets and the model that embedded them, by name. */
  SortedMap<String, String> byTenant() {
    SortedMap<String, String> models = new TreeMap<>();
    for (String t : index.tenants()) {
      String model = modelOf(t);
      if (model != null) {
        models.put(t, model);
      }
    }
    return models;
  }

  /**
   * Tenants whose stored vectors come from another model than the configured one: they need a
   * re-embed.
   */
  List<String> tenantsOnOtherModels() {
    return byTenant().entrySet().stream()
        .filter(e -> !e.getValue().equals(configured.modelId()))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Notes that a tenant which had no tickets now has vectors of this model. */
  void written(String tenant, String model) {
    tenantModels
        .asMap()
        .compute(
            tenant,
            (t, cached) -> cached == null || cached.isEmpty() ? Optional.of(model) : cached);
  }

  /** Forgets what is known of a tenant's model, after its index was replaced or dropped. */
  void forget(String tenant) {
    tenantModels.invalidate(tenant);
  }

  @Override
  public void close() {
    legacy.values().forEach(Embedder::close);
    legacy.clear();
  }
}
