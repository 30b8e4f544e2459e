package dev.sift.engine;

import dev.sift.data.Ticket;
import dev.sift.index.VectorIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * A tenant's stored tickets embedded again with the configured model, by a {@link
 * TicketStore#rebuild}.
 */
final class Reembedding {

  /** Tickets embedded and written per batch. */
  private static final int BATCH = 256;

  private Reembedding() {}

  /** See {@link TicketStore#reembed}. */
  static long run(
      TicketStore store,
      VectorIndex index,
      String tenant,
      String token,
      LongConsumer progress,
      BooleanSupplier cancelled) {
    long reembedded =
        store.rebuild(
            tenant,
            token,
            staging -> {
              // Checked once the rebuild is journaled: a delete before this is seen here, a delete
              // after it is flagged.
              if (!index.hasTenant(tenant)) {
                throw new TenantErasedException(tenant);
              }
              long[] done = {0};
              List<Ticket> batch = new ArrayList<>(BATCH);
              index.forEach(
                  tenant,
                  e -> {
                    batch.add(TicketDocuments.toTicket(e.id(), e.payload()));
                    if (batch.size() >= BATCH) {
                      done[0] += writeBatch(store, staging, batch, cancelled);
                      progress.accept(done[0]);
                    }
                  });
              long all = done[0] + writeBatch(store, staging, batch, cancelled);
              if (cancelled.getAsBoolean()) { // the last word before the swap
                throw new CancellationException("re-embed of tenant " + tenant + " cancelled");
              }
              return all;
            });
    progress.accept(reembedded);
    return reembedded;
  }

  /**
   * Writes the batch into the staging index (with the configured model; refused once the tenant is
   * erased).
   */
  private static long writeBatch(
      TicketStore store, String staging, List<Ticket> batch, BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("re-embed cancelled");
    }
    int n = batch.size();
    if (n > 0) {
      store.upsert(staging, batch);
      batch.clear();
    }
    return n;
  }
}
