package dev.sift.engine.coldstart;

import dev.sift.engine.TenantModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's taxonomy derived from its fitted model's labels, kept with that model: every triage
 * of a tenant without an explicit taxonomy asks for it, and it changes only with a refit.
 */
final class DerivedTaxonomies {

  private record Derived(TenantModel model, Optional<Taxonomy> taxonomy) {}

  private final Map<String, Derived> derived = new ConcurrentHashMap<>();

  /** The taxonomy of the model's labels; empty when the model has no labelled field. */
  Optional<Taxonomy> of(String tenant, TenantModel model) {
    Derived known = derived.get(tenant);
    if (known != null && known.model() == model) {
      return known.taxonomy();
    }
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    model.fields().forEach((f, fm) -> counts.put(f, fm.labelCounts()));
    Taxonomy fromLabels = Taxonomy.fromLabelCounts(counts);
    Optional<Taxonomy> taxonomy =
        fromLabels.fields().isEmpty() ? Optional.empty() : Optional.of(fromLabels);
    derived.put(tenant, new Derived(model, taxonomy));
    return taxonomy;
  }

  void forget(String tenant) {
    derived.remove(tenant);
  }
}
