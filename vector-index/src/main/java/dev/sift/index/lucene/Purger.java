package dev.sift.index.lucene;

import dev.sift.index.IndexException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.apache.lucene.store.AlreadyClosedException;

/**
 * The deletes of each tenant until their bytes leave the disk: lists each delete durably before it
 * happens, schedules the rewrite of the tenant's segments after the purge delay, and runs it.
 */
final class Purger implements AutoCloseable {

  private final Shards shards;
  private final PurgeList purgeList;
  private final PurgeSchedule purges;

  Purger(Path root, Shards shards, Duration delay) {
    this.shards = shards;
    this.purgeList = new PurgeList(root);
    this.purges = new PurgeSchedule(delay, this::purgeDeleted);
  }

  /** Schedules the purge of deletes that a crash or shutdown cut short. */
  void resume(String tenant) {
    if (!purgeList.read(tenant).isEmpty()) {
      purges.schedule(tenant);
    }
  }

  /** Deletes a ticket from the shard, listed for purging first; false when it is not there. */
  boolean delete(String tenant, TenantShard s, String id) {
    if (s.get(id).isEmpty()) {
      return false;
    }
    // Listed first and durably: a crash right after the delete still finds the ticket to purge.
    purgeList.add(tenant, id);
    boolean deleted = s.delete(id);
    purges.schedule(tenant);
    return deleted;
  }

  /** See {@link LuceneVectorIndex#purgeDeleted}. */
  int purgeDeleted(String tenant) {
    purges.started(tenant);
    Set<String> erased = purgeList.read(tenant);
    if (erased.isEmpty()) {
      return 0;
    }
    TenantShard s = shards.find(tenant);
    if (s == null) {
      return 0;
    }
    // The rewrite can take minutes on a large tenant (HNSW graph included), so it runs without the
    // index lock: a swap or drop waiting for that lock would hold up every search. If the shard is
    // closed meanwhile, its writer is rolled back, the rewrite stops, and the swapped-in index has
    // nothing deleted.
    Set<String> gone;
    try {
      gone = s.purge(erased);
    } catch (IndexException | AlreadyClosedException e) {
      if (!shards.isCurrent(tenant, s)) {
        return 0; // swapped or dropped meanwhile
      }
      throw e;
    }
    if (!purgeList.remove(tenant, gone).isEmpty()) {
      purges.schedule(
          tenant); // a merge still held some, or new deletes came: again after the delay
    }
    return gone.size();
  }

  /** Forgets the deletes of a dropped tenant. */
  void forget(String tenant) throws IOException {
    purgeList.delete(tenant);
  }

  /**
   * The rebuilt index's own deletes (replayed during the rebuild), to be purged now under the
   * tenant's name; the old index is gone with its deleted tickets.
   */
  void takeOver(String tenant, String staging) throws IOException {
    if (purgeList.takeOver(tenant, staging)) {
      purges.schedule(tenant);
    }
  }

  @Override
  public void close() {
    purges.close();
  }
}
