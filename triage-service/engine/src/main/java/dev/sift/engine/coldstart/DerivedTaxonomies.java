package dev.sift.engine.coldstart;

import dev.sift.engine.TenantFit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's taxonomy derived from its fit's labels, kept with that fit: every triage of a
 * tenant without an explicit taxonomy asks for it, and it changes only with a refit.
 */
final class DerivedTaxonomies {

  private record Derived(TenantFit fit, Optional<Taxonomy> taxonomy) {}

  private final Map<String, Derived> derived = new ConcurrentHashMap<>();

  /** The taxonomy of the fit's labels; empty when the fit has no labelled field. */
  Optional<Taxonomy> of(String tenant, TenantFit fit) {
    Derived known = derived.get(tenant);
    if (known != null && known.fit() == fit) {
      return known.taxonomy();
    }
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    fit.fields().forEach((f, field) -> counts.put(f, field.labelCounts()));
    Taxonomy fromLabels = Taxonomy.fromLabelCounts(counts);
    Optional<Taxonomy> taxonomy =
        fromLabels.fields().isEmpty() ? Optional.empty() : Optional.of(fromLabels);
    derived.put(tenant, new Derived(fit, taxonomy));
    return taxonomy;
  }

  void forget(String tenant) {
    derived.remove(tenant);
  }
}
