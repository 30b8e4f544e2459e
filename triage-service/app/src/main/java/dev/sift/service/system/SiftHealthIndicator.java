package dev.sift.service.system;

import dev.sift.embedding.Embedder;
import dev.sift.index.VectorIndex;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code sift} health component: whether the embedding model answers (its id and dimension) and
 * whether the index is open (its backend and how many tenants it holds; for pgvector this also
 * proves the database answers). Embedding a few words takes about a millisecond.
 */
@Component
class SiftHealthIndicator implements HealthIndicator {

  private static final String PROBE = "health check";

  private final Embedder embedder;
  private final VectorIndex index;

  private final SiftProperties.Backend backend;

  SiftHealthIndicator(Embedder embedder, VectorIndex index, SiftProperties properties) {
    this.embedder = embedder;
    this.index = index;
    this.backend = properties.index().backend();
  }

  @Override
  public Health health() {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("id", embedder.modelId());
    model.put("dimension", embedder.dimension());
    boolean modelLoaded;
    try {
      modelLoaded = embedder.embed(PROBE).length == embedder.dimension();
    } catch (RuntimeException e) {
      modelLoaded = false;
      model.put("error", e.getMessage());
    }
    model.put("loaded", modelLoaded);

    Map<String, Object> indexDetails = new LinkedHashMap<>();
    indexDetails.put("backend", backend.name().toLowerCase(Locale.ROOT));
    boolean indexOpen;
    try {
      Set<String> tenants = index.tenants();
      if (!tenants.isEmpty()) {
        index.count(tenants.iterator().next()); // fails once the index is closed
      }
      indexOpen = true;
      indexDetails.put("tenants", tenants.size());
    } catch (RuntimeException e) {
      indexOpen = false;
      indexDetails.put("error", e.getMessage());
    }
    indexDetails.put("open", indexOpen);

    Health.Builder health = modelLoaded && indexOpen ? Health.up() : Health.down();
    return health.withDetail("model", model).withDetail("index", indexDetails).build();
  }
}
