package dev.sift.engine;

import dev.sift.data.Ticket;
import java.util.List;
import java.util.SortedMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A tenant's history in bulk: imports (appended in batches, or replacing the whole history beside
 * the live index), the refit that calibrates triage on it, and re-embedding with the configured
 * embedding model. Live tickets go through {@link Tickets} instead.
 */
public final class History {

  private final TicketStore store;
  private final TenantFits fits;

  History(TicketStore store, TenantFits fits) {
    this.store = store;
    this.fits = fits;
  }

  /** Whether the tenant has stored tickets. */
  public boolean hasHistory(String tenant) {
    return store.exists(tenant);
  }

  /** How many tickets the tenant's history holds. */
  public long ticketCount(String tenant) {
    return store.count(tenant);
  }

  /** Stores a bulk import and refits the tenant's calibration before returning. */
  public TenantFit importHistory(String tenant, List<Ticket> tickets) {
    store.upsert(tenant, tickets);
    return fits.refit(tenant);
  }

  /**
   * Stores one batch of a bulk import without refitting, nor scoring suggestions or feeding
   * incident detection as live tickets do; {@link #refit} once the whole history is in.
   */
  public void store(String tenant, List<Ticket> batch) {
    store.upsert(tenant, batch);
  }

  /**
   * As {@link #store}, unless the tenant was deleted since {@code erasuresSeen} was read from
   * {@link #erasures}: then nothing is written and {@link TenantErasedException} is thrown, so that
   * an erased tenant does not come back.
   */
  public void storeUnlessErased(String tenant, List<Ticket> batch, long erasuresSeen) {
    store.upsertUnlessErased(tenant, batch, erasuresSeen);
  }

  /** How many times the tenant was deleted so far; an import queued now passes it on. */
  public long erasures(String tenant) {
    return store.erasures(tenant);
  }

  /**
   * Replaces the tenant's history without downtime: {@code build} writes the new history under a
   * staging name (its argument) beside the live index, which keeps serving; then the staging index
   * is swapped in atomically. When {@code build} or the swap fails, the staging index is dropped
   * and the tenant is left as it was. The caller refits afterwards.
   *
   * @param token names the staging index, lower-case letters and digits (a job id)
   */
  public <T> T replace(String tenant, String token, Function<String, T> build) {
    return store.rebuild(tenant, token, build);
  }

  /** Refits the tenant's calibration on its history now, for example after an import. */
  public TenantFit refit(String tenant) {
    return fits.refit(tenant);
  }

  /** Refits the tenant now, telling {@code progress} how far the fit has come. */
  public TenantFit refit(String tenant, FitProgress progress) {
    return fits.refit(tenant, progress);
  }

  /**
   * Re-embeds the tenant's history with the configured embedding model beside the live vectors,
   * then swaps them in; a tenant already on the configured model is left alone. Returns the tickets
   * re-embedded. The caller refits afterwards.
   *
   * @param token names the staging index
   * @param progress told the count after each batch
   * @param cancelled polled between batches and once more before the swap
   */
  public long reembed(
      String tenant, String token, LongConsumer progress, BooleanSupplier cancelled) {
    return store.reembed(tenant, token, progress, cancelled);
  }

  /** The configured embedding model, which new tenants and re-embedded ones use. */
  public String embeddingModel() {
    return store.modelId();
  }

  /** The embedding model of each tenant's stored vectors. */
  public SortedMap<String, String> tenantEmbeddingModels() {
    return store.tenantModels();
  }

  /** Tenants whose stored vectors come from another model than the configured one. */
  public List<String> tenantsOnOtherModels() {
    return store.tenantsOnOtherModels();
  }
}
