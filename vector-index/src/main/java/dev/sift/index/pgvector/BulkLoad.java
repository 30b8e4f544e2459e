package dev.sift.index.pgvector;

import dev.sift.index.Entry;
import dev.sift.index.IndexException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loading many rows at once, as pgvector-java's loading example does (docs/pgvector.md, "Bulk
 * loading"): a large batch goes through binary COPY into a staging table and is merged from there,
 * and a large import can run with the HNSW index dropped and built again afterwards. Small batches
 * take the cheaper batched INSERTs of the index itself.
 */
final class BulkLoad {

  private static final Logger log = LoggerFactory.getLogger(BulkLoad.class);

  private BulkLoad() {}

  /**
   * Upserts the batch through binary COPY, with its postings, in the caller's transaction (the
   * staging table is dropped at its commit). The last of duplicate ids wins, as with single
   * upserts.
   */
  static void copy(Connection c, String tenant, List<Entry> entries) throws SQLException {
    List<Analysed> analysed = entries.stream().map(e -> Analysed.of(e.payload().text())).toList();
    Statements.execute(c, TicketSql.CREATE_STAGING);
    try (PGCopyOutputStream out =
        new PGCopyOutputStream(c.unwrap(PGConnection.class), TicketSql.COPY_STAGING)) {
      BinaryCopy.write(entries, analysed, out);
    } catch (IOException e) {
      throw new SQLException("binary COPY failed", e);
    }
    Statements.execute(c, TicketSql.DEDUPLICATE_STAGING);
    Statements.update(c, TicketSql.MERGE_STAGING, tenant);
    Postings.replaceFromStaging(c, tenant);
  }

  /**
   * See {@link PgVectorIndex#withGraphRebuiltAfter}: returns the seconds spent on the graph after
   * the load.
   */
  static double withGraphRebuiltAfter(
      Transactions transactions, GraphMaintenance graph, Runnable load) {
    String definition =
        transactions.run("read the HNSW index definition", Schema::hnswIndexDefinition);
    if (definition == null) {
      throw new IndexException("the HNSW index sift_ticket_embedding_hnsw does not exist");
    }
    transactions.run(
        "drop the HNSW index",
        c -> {
          Schema.dropHnswIndex(c);
          return null;
        });
    double[] seconds = {0};
    try {
      load.run();
    } finally {
      long start = System.nanoTime();
      try {
        // With the index dropped, marking the large tenants' rows costs a row update each, not a
        // graph insert.
        graph.graphAll(GraphMaintenance.BULK_CHUNK);
      } catch (RuntimeException e) {
        // Rows left outside the graph are still found (the exact part of a search); the index must
        // come back.
        log.warn(
            "could not move the loaded rows into the graph before rebuilding it; the background task will",
            e);
      }
      transactions.run(
          "build the HNSW index",
          c -> {
            Schema.createHnswIndex(c, definition);
            return null;
          });
      seconds[0] = (System.nanoTime() - start) / 1e9;
    }
    return seconds[0];
  }
}
