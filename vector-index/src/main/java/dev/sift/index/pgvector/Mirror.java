package dev.sift.index.pgvector;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.TenantNames;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's own copy of the tenants it searches, in an embedded Lucene index, kept in step with
 * PostgreSQL by the {@link ChangeNotices} every write sends at commit. PostgreSQL stays the store
 * of record; the copy only answers searches, which on pgvector cost 15–20 ms of database time per
 * triage on an 8,500-ticket tenant (an exact scan and BM25 in SQL, docs/benchmarks.md) and a
 * millisecond or two in Lucene.
 *
 * <p>A tenant is copied the first time it is searched, in the background; until its copy is whole,
 * and whenever this replica may have missed a notice (its listening connection failed), searches go
 * to PostgreSQL as before. A notice naming ids makes the copy read those ids again from the table
 * (a row gone is a delete); a notice for the whole tenant (a replace, a deleted tenant, a large
 * batch) copies it again. The copy lags the table by the time a notice takes to arrive, except for
 * this replica's own writes, which it reads back before the write returns.
 */
final class Mirror implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Mirror.class);

  /** How long the listener waits for notices before checking that it should go on. */
  private static final int POLL_MILLIS = 250;

  /** Pause before listening again after the connection failed. */
  private static final Duration RELISTEN_AFTER = Duration.ofSeconds(2);

  /** Pause before copying a tenant again after a copy failed. */
  private static final long RETRY_COPY_NANOS = Duration.ofSeconds(5).toNanos();

  /** How long closing waits for the listener and a copy under way. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /** Entries written to the local index at once while a tenant is copied. */
  private static final int COPY_BATCH = 500;

  private final Transactions transactions;
  private final DataSource dataSource;
  private final LuceneVectorIndex local;
  private final Path directory;
  private final Map<String, Copy> copies = new ConcurrentHashMap<>();
  private final ExecutorService copier;
  private final Thread listener;
  private final AtomicLong stagingTokens = new AtomicLong();
  private volatile boolean listening;

  /**
   * Moves on when listening starts and when it stops. A copy begun in one epoch answers only while
   * the epoch lasts: it was begun while this replica listened, and no notice since can have been
   * missed.
   */
  private volatile long epoch;

  private volatile boolean closed;

  /** One tenant's copy; its fields are guarded by its monitor, except the flag searches read. */
  private static final class Copy {
    final String tenant;
    final long epoch;
    volatile boolean whole;
    boolean copying;
    long generation;
    long failedAt;
    boolean failed;
    final Set<String> changedWhileCopying = new HashSet<>();

    Copy(String tenant, long epoch) {
      this.tenant = tenant;
      this.epoch = epoch;
    }
  }

  Mirror(
      Transactions transactions,
      DataSource dataSource,
      Path directory,
      int dimension,
      Duration purgeDelay) {
    this.transactions = transactions;
    this.dataSource = dataSource;
    this.directory = directory;
    try {
      // A copy left by an earlier run may have missed any number of writes: start empty.
      deleteRecursively(directory);
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare the mirror directory " + directory, e);
    }
    // A ticket deleted in PostgreSQL leaves the copy's files within the same delay as on Lucene.
    this.local = LuceneVectorIndex.builder(directory, dimension).purgeDelay(purgeDelay).build();
    this.copier =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "sift-mirror-copy");
              t.setDaemon(true);
              return t;
            });
    this.listener = new Thread(this::listen, "sift-mirror-listen");
    listener.setDaemon(true);
    listener.start();
  }

  /** The copy's nearest neighbours, or empty where PostgreSQL must answer. */
  Optional<List<Hit>> search(String tenant, float[] vector, int k) {
    return whole(tenant) ? Optional.of(local.search(tenant, vector, k)) : Optional.empty();
  }

  /** The copy's BM25 hits, or empty where PostgreSQL must answer. */
  Optional<List<Hit>> searchText(String tenant, String text, int k) {
    return whole(tenant) ? Optional.of(local.searchText(tenant, text, k)) : Optional.empty();
  }

  /**
   * Whether the tenant has an entry, from the copy where it answers (a triage asks this every
   * time), or empty where PostgreSQL must answer; starts no copy.
   */
  Optional<Boolean> hasEntries(String tenant) {
    return answers(tenant) ? Optional.of(local.count(tenant) > 0) : Optional.empty();
  }

  /** Whether searches of the tenant are answered by the copy now; starts no copy. */
  boolean answers(String tenant) {
    Copy copy = copies.get(tenant);
    return listening && !closed && copy != null && copy.epoch == epoch && copy.whole;
  }

  /** This replica changed these ids: read them back now, so its next search sees its own write. */
  void changed(String tenant, List<String> ids) {
    if (!TenantNames.isValid(tenant)) {
      return;
    }
    if (ids.isEmpty() || ids.size() > ChangeNotices.MAX_IDS) {
      replaced(tenant);
      return;
    }
    Copy copy = copies.get(tenant);
    if (copy == null) {
      return;
    }
    synchronized (copy) {
      if (copy.copying) {
        copy.changedWhileCopying.addAll(ids);
      } else if (copy.whole) {
        readAgain(copy, ids);
      }
    }
  }

  /** The tenant changed as a whole: copy it again; PostgreSQL answers meanwhile. */
  void replaced(String tenant) {
    Copy copy = copies.get(tenant);
    if (copy == null) {
      return;
    }
    synchronized (copy) {
      copy.whole = false;
      copy.generation++;
      copy.failed = false;
      startCopy(copy);
    }
  }

  private boolean whole(String tenant) {
    long current = epoch;
    if (!listening || closed || !TenantNames.isValid(tenant)) {
      return false; // staging names are searched rarely, and only by the rebuild's checks
    }
    Copy copy = copies.get(tenant);
    if (copy == null || copy.epoch != current) {
      copy =
          copies.compute(
              tenant, (t, c) -> c == null || c.epoch != current ? new Copy(t, current) : c);
    }
    if (copy.epoch != epoch) {
      return false; // listening stopped since
    }
    if (copy.whole) {
      return true;
    }
    synchronized (copy) {
      boolean mayRetry = !copy.failed || System.nanoTime() - copy.failedAt > RETRY_COPY_NANOS;
      if (!copy.whole && mayRetry) {
        startCopy(copy);
      }
      return copy.whole;
    }
  }

  /** Caller holds the copy's monitor. */
  private void startCopy(Copy copy) {
    if (copy.copying || closed) {
      return;
    }
    copy.copying = true;
    copy.changedWhileCopying.clear();
    long generation = copy.generation;
    copier.execute(() -> copy(copy, generation));
  }

  private void copy(Copy copy, long generation) {
    String staging =
        TenantNames.staging(copy.tenant, "m" + Long.toString(stagingTokens.incrementAndGet(), 36));
    try {
      List<Entry> batch = new ArrayList<>(COPY_BATCH);
      transactions.run(
          "copy tenant " + copy.tenant + " to the mirror",
          c -> {
            Tickets.forEach(
                c,
                copy.tenant,
                e -> {
                  if (closed) {
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
      synchronized (copy) {
        copy.copying = false;
        if (copies.get(copy.tenant) != copy) {
          local.deleteTenant(staging); // listening stopped meanwhile: a newer copy takes over
          return;
        }
        if (copy.generation != generation) {
          local.deleteTenant(staging);
          startCopy(copy); // replaced again while it was being copied
          return;
        }
        local.replaceTenant(copy.tenant, staging);
        readAgain(copy, List.copyOf(copy.changedWhileCopying));
        copy.changedWhileCopying.clear();
        copy.whole = true;
      }
    } catch (RuntimeException e) {
      log.warn(
          "Tenant {} not copied to the mirror; PostgreSQL answers its searches", copy.tenant, e);
      quietly(() -> local.deleteTenant(staging));
      synchronized (copy) {
        copy.copying = false;
        copy.failed = true;
        copy.failedAt = System.nanoTime();
      }
    }
  }

  /** Caller holds the copy's monitor; a read that fails leaves the copy to be made again. */
  private void readAgain(Copy copy, List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    try {
      List<Optional<Entry>> rows =
          transactions.run(
              "read changed tickets of tenant " + copy.tenant,
              c -> {
                List<Optional<Entry>> read = new ArrayList<>(ids.size());
                for (String id : ids) {
                  read.add(Tickets.get(c, copy.tenant, id));
                }
                return read;
              });
      List<Entry> present = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        if (rows.get(i).isPresent()) {
          present.add(rows.get(i).get());
        } else {
          local.delete(copy.tenant, ids.get(i));
        }
      }
      if (!present.isEmpty()) {
        local.upsertAll(copy.tenant, present);
      }
    } catch (RuntimeException e) {
      log.warn("Mirror of tenant {} fell behind; copying it again", copy.tenant, e);
      copy.whole = false;
      copy.generation++;
      startCopy(copy);
    }
  }

  private void listen() {
    while (!closed) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try {
          listenOn(c);
        } finally {
          unlisten(c);
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        log.warn(
            "Mirror stopped listening for changes; PostgreSQL answers searches until it is back",
            e);
      } finally {
        forgetAll();
      }
      if (!closed) {
        sleep(RELISTEN_AFTER);
      }
    }
  }

  private void listenOn(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("LISTEN " + ChangeNotices.CHANNEL);
    }
    PGConnection pg = c.unwrap(PGConnection.class);
    epoch++;
    listening = true;
    while (!closed) {
      PGNotification[] notices = pg.getNotifications(POLL_MILLIS);
      if (notices == null) {
        continue;
      }
      for (PGNotification n : notices) {
        ChangeNotices.Notice.parse(n.getParameter()).ifPresent(this::apply);
      }
    }
  }

  /**
   * The connection goes back to the caller's pool: a LISTEN left on it would keep collecting
   * notices for whoever borrows it next. A broken connection is dropped by the pool anyway.
   */
  private static void unlisten(Connection c) {
    try (Statement st = c.createStatement()) {
      st.execute("UNLISTEN *");
    } catch (SQLException e) {
      log.debug("UNLISTEN failed on a connection that is probably gone", e);
    }
  }

  private void apply(ChangeNotices.Notice notice) {
    if (notice.wholeTenant()) {
      replaced(notice.tenant());
    } else {
      changed(notice.tenant(), notice.ids());
    }
  }

  /**
   * Notices may have been missed: every copy is made again when next searched, after listening
   * resumes. A copy under way finishes into a {@link Copy} no search consults any more.
   */
  private void forgetAll() {
    listening = false;
    epoch++;
    copies.clear();
  }

  /**
   * Stops listening and copying, then drops the copy. Neither thread is interrupted: an interrupt
   * during a Lucene write closes its file channel and invalidates the index's lock; both notice the
   * flag within a poll or a copy.
   */
  @Override
  public void close() {
    closed = true;
    copier.shutdown();
    try {
      listener.join(CLOSE_WAIT);
      copier.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    local.close();
    quietly(() -> deleteRecursively(directory));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.debug("ignored", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
