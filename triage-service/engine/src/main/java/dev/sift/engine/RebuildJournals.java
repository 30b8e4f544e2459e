package dev.sift.engine;

import dev.sift.data.Ticket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live writes to each tenant being rebuilt, to replay into its staging index before the swap,
 * and whether the tenant was erased meanwhile, within one process. {@link LocalLiveWrites} calls it
 * under the tenant's lock (read side for a live write, write side to start, erase and finish a
 * rebuild).
 */
final class RebuildJournals {

  /** A live write as journaled: tickets upserted, or an id deleted. */
  sealed interface Write permits Upserted, Deleted {}

  record Upserted(List<Ticket> tickets) implements Write {}

  record Deleted(String id) implements Write {}

  /** What happened to a tenant live while it was rebuilt. */
  static final class Journal {
    /** The staging name the rebuild writes into. */
    final String staging;

    /** Live writes, in order. */
    private final List<Write> writes = new ArrayList<>();

    /**
     * Set under the tenant's lock (write side) when the tenant is erased: the rebuild must never
     * swap in.
     */
    volatile boolean tenantErased;

    Journal(String staging) {
      this.staging = staging;
    }

    List<Write> writes() {
      synchronized (writes) {
        return List.copyOf(writes);
      }
    }
  }

  private final Map<String, Journal> journals = new ConcurrentHashMap<>();

  void start(String tenant, String staging) {
    journals.put(tenant, new Journal(staging));
  }

  Journal get(String tenant) {
    return journals.get(tenant);
  }

  void end(String tenant) {
    journals.remove(tenant);
  }

  /** Notes a live write for the rebuild of the tenant under way, if any. */
  void note(String tenant, Write write) {
    Journal j = journals.get(tenant);
    if (j != null) {
      synchronized (j.writes) {
        j.writes.add(write);
      }
    }
  }

  /** Tells the rebuild of the tenant under way, if any, that the tenant is erased. */
  void erased(String tenant) {
    Journal j = journals.get(tenant);
    if (j != null) {
      j.tenantErased = true;
    }
  }

  /**
   * Refuses a write into a staging index whose tenant was erased, so that a rebuild stops at its
   * next batch.
   */
  void refuseIfErased(String staging) {
    for (Map.Entry<String, Journal> rebuild :
        journals.entrySet()) { // one entry per rebuild under way
      if (rebuild.getValue().staging.equals(staging) && rebuild.getValue().tenantErased) {
        throw new TenantErasedException(rebuild.getKey());
      }
    }
  }
}
