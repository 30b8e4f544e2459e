package dev.sift.engine;

import dev.sift.engine.coldstart.ColdStart;
import dev.sift.engine.coldstart.Taxonomy;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Tenants' taxonomies, which let cold start triage a tenant with little or no history: set one,
 * read the one in force (explicit or derived from the history's labels) and build the cold fit on
 * it. With cold start off there are none: reads are empty and {@link #put} is refused.
 */
public final class Taxonomies {

  private final TicketStore store;
  private final TenantFits fits;
  private final ColdStart coldStart;

  Taxonomies(TicketStore store, TenantFits fits, ColdStart coldStart) {
    this.store = store;
    this.fits = fits;
    this.coldStart = coldStart;
  }

  /** Whether cold start is on, so that taxonomies can be put. */
  public boolean enabled() {
    return coldStart != null;
  }

  /**
   * The tenant's explicit taxonomy, else one derived from its history's labels; empty for an
   * unknown tenant.
   */
  public Optional<Taxonomy> get(String tenant) {
    if (coldStart == null) {
      return Optional.empty();
    }
    return coldStart.taxonomy(tenant, store.exists(tenant) ? fits.get(tenant) : null);
  }

  /** Whether the tenant's taxonomy was put, rather than derived from its history. */
  public boolean isExplicit(String tenant) {
    return coldStart != null && coldStart.hasTaxonomy(tenant);
  }

  /**
   * Sets the tenant's taxonomy (creating the tenant if it is new) and drops what cold start cached
   * for the previous one; its cold fit is built by {@link #prepare}.
   *
   * @throws IllegalStateException when cold start is off
   */
  public void put(String tenant, Taxonomy taxonomy) {
    if (coldStart == null) {
      throw new IllegalStateException("cold start is off: there are no taxonomies to put");
    }
    coldStart.taxonomies().put(tenant, taxonomy);
    coldStart.forget(tenant);
  }

  /**
   * Starts building the tenant's cold fit on its taxonomy and fitted calibration in the background
   * if it is missing or stale; the future completes once the fit triage will use is ready. Triage
   * never waits for it: until then the tenant's cold-start fields abstain.
   */
  public CompletableFuture<Void> prepare(String tenant) {
    if (coldStart == null) {
      return CompletableFuture.completedFuture(null);
    }
    return coldStart.prepare(tenant, fits.current(tenant).orElse(null));
  }

  /** Whether the tenant's cold fit is being built right now. */
  public boolean building(String tenant) {
    return coldStart != null && coldStart.building(tenant);
  }
}
