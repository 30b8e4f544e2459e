package dev.sift.index.pgvector;

import dev.sift.index.Entry;
import dev.sift.index.IndexException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of {@link PgVectorIndex}: a tenant's tickets and their BM25 postings are changed
 * together, in one transaction, and rows the HNSW graph has yet to take are reported to its
 * maintenance. Arguments are checked by the index before they get here.
 */
final class TicketWrites {

  private static final Logger log = LoggerFactory.getLogger(TicketWrites.class);

  /**
   * Statistics for the planner, and the visibility map that lets lexical search read postings and
   * lengths from the covering indexes alone (V5). Index cleanup is left to autovacuum: it scans
   * every index of the table whatever the size of the tenant, while the heap pass here reads only
   * pages that changed. No truncation either: giving empty pages at the end back to the system
   * takes an exclusive lock that would stop every tenant's searches for a moment.
   */
  private static final String VACUUM_ANALYSE =
      "VACUUM (ANALYZE, INDEX_CLEANUP OFF, TRUNCATE false) sift_ticket, sift_posting";

  /**
   * How long after a swap its VACUUM ANALYZE starts. The caller may hold a transaction around the
   * swap (a rebuild's journal of live writes, which holds the tenant's writes meanwhile), and a
   * VACUUM that runs while another transaction is open can neither mark the renamed rows' pages
   * all-visible nor drop the replaced rows; it would also keep the tenant's writes waiting.
   */
  static final Duration VACUUM_DELAY = Duration.ofSeconds(1);

  private final ScheduledExecutorService maintenance =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sift-pgvector-vacuum");
            t.setDaemon(true);
            return t;
          });
  private final Transactions transactions;
  private final GraphMaintenance graph;
  private final int copyFrom;

  TicketWrites(Transactions transactions, GraphMaintenance graph, int copyFrom) {
    this.transactions = transactions;
    this.graph = graph;
    this.copyFrom = copyFrom;
  }

  void upsertAll(String tenant, List<Entry> entries) {
    transactions.run(
        "upsert into tenant " + tenant,
        c -> {
          if (entries.size() >= copyFrom) {
            BulkLoad.copy(c, tenant, entries);
          } else {
            Postings.replace(c, tenant, Tickets.upsert(c, tenant, entries));
          }
          ChangeNotices.changed(c, tenant, entries.stream().map(Entry::id).toList());
          return null;
        });
    // Durable now; the rows join the HNSW graph later, if the tenant is large enough to be searched
    // through it.
    graph.written(tenant);
  }

  boolean delete(String tenant, String id) {
    return transactions.run(
        "delete from tenant " + tenant,
        c -> {
          Postings.delete(c, tenant, id);
          boolean deleted = Tickets.delete(c, tenant, id);
          if (deleted) {
            ChangeNotices.changed(c, tenant, List.of(id));
          }
          return deleted;
        });
  }

  void deleteTenant(String tenant) {
    transactions.run(
        "delete tenant " + tenant,
        c -> {
          Postings.deleteTenant(c, tenant);
          Tickets.deleteTenant(c, tenant);
          ChangeNotices.replaced(c, tenant);
          return null;
        });
  }

  /** One transaction: other sessions see the old rows or the new ones (MVCC), never a mix. */
  void replaceTenant(String tenant, String staging) {
    transactions.run(
        "replace tenant " + tenant,
        c -> {
          // The tenant's tickets and their postings give way to the staging ones, in the same
          // transaction.
          Postings.deleteTenant(c, tenant);
          Tickets.deleteTenant(c, tenant);
          Tickets.renameTenant(c, tenant, staging);
          Postings.renameTenant(c, tenant, staging);
          ChangeNotices.replaced(c, tenant);
          return null;
        });
    graph.written(tenant); // the staging rows were never graphed
    maintenance.schedule(() -> analyse(tenant), VACUUM_DELAY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Drops the vacuums not yet started: autovacuum gets to the tables later. */
  void close() {
    maintenance.shutdownNow();
  }

  /**
   * Refreshes the planner's statistics and the visibility map after a whole tenant arrived at once.
   * Until autovacuum gets to it (a minute or more), PostgreSQL plans with the old figures (on a
   * table that was empty, a lexical search read every posting of the tenant: 196 ms for one query
   * on 8,500 bug reports, 81 ms once analysed), and every posting it reads costs a heap fetch
   * (docs/benchmarks.md). The swap has committed already, so a failure here costs only speed. Runs
   * {@link #VACUUM_DELAY} after the swap, on its own thread.
   */
  private void analyse(String tenant) {
    try {
      transactions.runAlone(
          "vacuum after replacing tenant " + tenant,
          c -> {
            try (Statement st = c.createStatement()) {
              st.execute(VACUUM_ANALYSE);
            }
            return null;
          });
    } catch (IndexException e) {
      log.warn("Tables not vacuumed and analysed after replacing tenant {}", tenant, e);
    }
  }
}
