package dev.sift.index.pgvector;

import dev.sift.index.TenantNames;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the rows of large tenants into the HNSW graph after their write, off the write path.
 *
 * <p>Inserting a row into the graph costs more than embedding its ticket (docs/pgvector.md, "Writes
 * and the graph"), and a tenant below the exact-search threshold never walks the graph. So writes
 * store rows outside it ({@code graphed = false}, durable at commit), and this task sets {@code
 * graphed = true} on the rows of tenants at or above the threshold, a chunk per transaction, on one
 * background thread. It rests as long as each chunk took, so it takes at most half of one core from
 * the writers and searches. Searches stay exact on the rows it has not reached ({@link
 * SearchSql#SEARCH_HNSW}).
 */
final class GraphMaintenance implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GraphMaintenance.class);

  /**
   * Rows per transaction: about a second of graph inserts, so a writer waits at most that for a row
   * it shares.
   */
  static final int CHUNK = 250;

  /** Rows per transaction while the graph index is dropped: then a row costs an update only. */
  static final int BULK_CHUNK = 10_000;

  /** How long {@link #close} waits for the chunk under way. */
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final Transactions transactions;
  private final int graphFrom;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "sift-pgvector-graph");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;

  /**
   * @param graphFrom tenants with at least this many rows are searched through the graph, so their
   *     rows go in
   */
  GraphMaintenance(Transactions transactions, int graphFrom) {
    this.transactions = transactions;
    this.graphFrom = graphFrom;
  }

  /**
   * Queues the tenant after a write; a tenant already queued is taken once, with every write made
   * until then.
   */
  void written(String tenant) {
    if (closed || TenantNames.isStaging(tenant) || !queued.add(tenant)) {
      return;
    }
    try {
      worker.execute(
          () -> {
            queued.remove(tenant); // writes from here on queue it again
            try {
              graph(tenant, CHUNK, true);
            } catch (RuntimeException e) {
              log.warn("cannot move the rows of tenant {} into the HNSW graph", tenant, e);
            }
          });
    } catch (RejectedExecutionException e) {
      queued.remove(tenant); // closed meanwhile
    }
  }

  /**
   * Queues every tenant that has rows outside the graph, as left by a stopped replica or an older
   * version.
   */
  void resume() {
    tenantsWithUngraphedRows().forEach(this::written);
  }

  /**
   * Moves every pending row of every large tenant into the graph now, on the caller; returns the
   * rows moved.
   */
  long graphAll(int chunk) {
    long moved = 0;
    for (String tenant : tenantsWithUngraphedRows()) {
      if (!TenantNames.isStaging(tenant)) {
        moved += graph(tenant, chunk, false);
      }
    }
    return moved;
  }

  private List<String> tenantsWithUngraphedRows() {
    return transactions.run(
        "list tenants with rows outside the graph",
        c -> {
          List<String> tenants = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(SchemaSql.UNGRAPHED_TENANTS);
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              tenants.add(rs.getString(1));
            }
          }
          return tenants;
        });
  }

  private long graph(String tenant, int chunkSize, boolean paced) {
    long moved = 0;
    while (!closed || !paced) {
      long start = System.nanoTime();
      int chunk =
          transactions.run(
              "move rows of tenant " + tenant + " into the HNSW graph",
              c -> {
                if (graphFrom > 0 && !VectorSearch.hasAtLeast(c, tenant, graphFrom)) {
                  return 0;
                }
                try (PreparedStatement ps = c.prepareStatement(SchemaSql.GRAPH_CHUNK)) {
                  ps.setString(1, tenant);
                  ps.setInt(2, chunkSize);
                  ps.setString(3, tenant);
                  return ps.executeUpdate();
                }
              });
      moved += chunk;
      if (chunk == 0) {
        return moved;
      }
      if (paced && !rest(System.nanoTime() - start)) {
        return moved;
      }
    }
    return moved;
  }

  /** Sleeps as long as the chunk took; false when interrupted (closing). */
  private static boolean rest(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops after the chunk under way; rows left outside the graph are taken up at the next open. */
  @Override
  public void close() {
    closed = true;
    worker.shutdownNow();
    try {
      worker.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
