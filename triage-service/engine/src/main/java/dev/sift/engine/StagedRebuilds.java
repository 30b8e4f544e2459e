package dev.sift.engine;

import dev.sift.data.Ticket;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Rebuilds of a {@link TicketStore}'s tenants without downtime: the new content is written under a
 * staging name beside the live index, the live writes made meanwhile are journaled and replayed
 * into it, and it is swapped in atomically while no live write or erasure of the tenant runs, on
 * this process or on any replica ({@link LiveWrites}); this class keeps the order of a rebuild's
 * steps.
 */
final class StagedRebuilds {

  private final VectorIndex index;
  private final LiveWrites live;
  private final BiFunction<String, List<Ticket>, List<float[]>> writeConfigured;
  private final Consumer<String> swapped;

  /**
   * @param live the journals of live writes, and the exclusion of writes, erasures and swaps
   * @param writeConfigured embeds tickets with the configured model and writes them to an index
   * @param swapped told the tenant whose staging index was swapped in
   */
  StagedRebuilds(
      VectorIndex index,
      LiveWrites live,
      BiFunction<String, List<Ticket>, List<float[]>> writeConfigured,
      Consumer<String> swapped) {
    this.index = index;
    this.live = live;
    this.writeConfigured = writeConfigured;
    this.swapped = swapped;
  }

  /** See {@link TicketStore#rebuild}. */
  <T> T rebuild(String tenant, String token, Function<String, T> build) {
    String staging = TenantNames.staging(tenant, token);
    // A staging index left by a run that was killed (its drop never ran) must not leak into this
    // one.
    index.deleteTenant(staging);
    live.start(tenant, staging); // live writes from now on are replayed before the swap
    try {
      T result = build.apply(staging);
      live.finish(
          tenant,
          staging,
          writes -> {
            replay(staging, writes);
            index.replaceTenant(tenant, staging);
            // Before a live write waiting for the swap runs: it must find the new model.
            swapped.accept(tenant);
          });
      return result;
    } catch (RuntimeException e) {
      try {
        live.abandon(tenant, staging);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      try {
        index.deleteTenant(staging);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Applies to the staging index, in order, the live writes made while it was built: tickets
   * upserted (embedded again with the configured model) and deleted, so that the swap loses no
   * acknowledged write and brings back no erased ticket.
   */
  private void replay(String staging, List<RebuildJournals.Write> writes) {
    for (RebuildJournals.Write w : writes) {
      switch (w) {
        case RebuildJournals.Deleted d -> index.delete(staging, d.id());
        case RebuildJournals.Upserted u -> writeConfigured.apply(staging, u.tickets());
      }
    }
  }

  /**
   * A rebuild's write; refused once its tenant is erased, so that a rebuild stops at its next
   * batch.
   */
  List<float[]> writeStaging(String staging, List<Ticket> tickets) {
    live.refuseIfErased(staging);
    return writeConfigured.apply(staging, tickets);
  }
}
