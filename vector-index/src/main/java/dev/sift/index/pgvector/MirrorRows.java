package dev.sift.index.pgvector;

import dev.sift.index.Entry;
import dev.sift.index.HnswParams;
import dev.sift.index.IndexException;
import dev.sift.index.internal.Directories;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves rows from PostgreSQL into a {@link Mirror}'s local index: a whole tenant, or a few ids read
 * again. Which rows, and when, is the mirror's business.
 */
final class MirrorRows {

  private static final Logger log = LoggerFactory.getLogger(MirrorRows.class);

  /** Entries written to the local index at once while a tenant is copied. */
  private static final int COPY_BATCH = 500;

  private final Transactions transactions;
  private final LuceneVectorIndex local;

  MirrorRows(Transactions transactions, LuceneVectorIndex local) {
    this.transactions = transactions;
    this.local = local;
  }

  /**
   * Streams the tenant's rows with a cursor into a staging name of the local index; stops with an
   * exception once {@code stop} says so.
   */
  void copyInto(String tenant, String staging, BooleanSupplier stop) {
    List<Entry> batch = new ArrayList<>(COPY_BATCH);
    transactions.run(
        "copy tenant " + tenant + " to the mirror",
        c -> {
          Tickets.forEach(
              c,
              tenant,
              e -> {
                if (stop.getAsBoolean()) {
                  throw new IllegalStateException("mirror closed");
                }
                batch.add(e);
                if (batch.size() == COPY_BATCH) {
                  local.upsertAll(staging, batch);
                  batch.clear();
                }
              });
          return null;
        });
    if (!batch.isEmpty()) {
      local.upsertAll(staging, batch);
    }
  }

  /** Reads the ids again and writes what it finds into the local tenant; a row gone is deleted. */
  void readBack(String tenant, List<String> ids) {
    List<Optional<Entry>> read =
        transactions.run(
            "read changed tickets of tenant " + tenant,
            c -> {
              List<Optional<Entry>> found = new ArrayList<>(ids.size());
              for (String id : ids) {
                found.add(Tickets.get(c, tenant, id));
              }
              return found;
            });
    List<Entry> present = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (read.get(i).isPresent()) {
        present.add(read.get(i).get());
      } else {
        local.delete(tenant, ids.get(i));
      }
    }
    if (!present.isEmpty()) {
      local.upsertAll(tenant, present);
    }
  }

  /**
   * The mirror's local index, in a directory emptied first: a copy left by an earlier run may have
   * missed any number of writes. Searched as PostgreSQL searches; a deleted ticket leaves its files
   * as on the Lucene backend.
   */
  static LuceneVectorIndex openLocal(
      Path directory, int dimension, Duration purgeDelay, HnswParams hnsw, int exactSearchBelow) {
    try {
      Directories.deleteRecursively(directory);
      Files.createDirectories(directory);
    } catch (IOException | IndexException e) {
      throw new IllegalStateException("cannot prepare the mirror directory " + directory, e);
    }
    return LuceneVectorIndex.builder(directory, dimension)
        .purgeDelay(purgeDelay)
        .hnsw(hnsw)
        .exactSearchBelow(exactSearchBelow)
        .build();
  }

  /** Runs clean-up whose failure changes nothing the caller could act on. */
  static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.debug("ignored", e);
    }
  }
}
