package dev.sift.index.pgvector;

import dev.sift.index.Hit;
import dev.sift.index.TenantNames;
import dev.sift.index.internal.Directories;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
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
 * and whenever this replica may have missed a notice ({@link NoticeListener}), searches go to
 * PostgreSQL as before. A notice naming ids makes the copy read those ids again from the table (a
 * row gone is a delete); a notice for the whole tenant (a replace, a deleted tenant, a large batch)
 * copies it again. The copy lags the table by the time a notice takes to arrive, except for this
 * replica's own writes, which it reads back before the write returns. A copy that stops answering
 * is deleted from disk, so an erased ticket does not outlive it.
 */
final class Mirror implements AutoCloseable, NoticeListener.Events {

  private static final Logger log = LoggerFactory.getLogger(Mirror.class);

  /** How long closing waits for the listener and a copy under way. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  private final LuceneVectorIndex local;
  private final MirrorRows rows;
  private final Path directory;
  private final Map<String, MirrorCopy> copies = new ConcurrentHashMap<>();

  /**
   * One lock per tenant, kept for good: it orders every change to the tenant's local data whichever
   * {@link MirrorCopy} made it, so a write-back begun for a copy given up cannot land in the next.
   */
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  private final ExecutorService copier;
  private final NoticeListener listener;
  private final AtomicLong stagingTokens = new AtomicLong();
  private volatile boolean listening;

  /** Moves on when listening starts or stops: a copy answers only within the epoch it began in. */
  private volatile long epoch;

  private volatile boolean closed;

  /** {@code local} is the index in {@code directory}, opened by {@link MirrorRows#openLocal}. */
  Mirror(
      Transactions transactions, DataSource dataSource, Path directory, LuceneVectorIndex local) {
    this.directory = directory;
    this.local = local;
    this.rows = new MirrorRows(transactions, local);
    this.copier =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("sift-mirror-copy").daemon().factory());
    this.listener = new NoticeListener(dataSource, transactions, this);
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
    MirrorCopy copy = copies.get(tenant);
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
    synchronized (lockOf(tenant)) {
      MirrorCopy copy = copies.get(tenant);
      if (copy == null) {
        return;
      }
      if (copy.copying) {
        copy.changedWhileCopying.addAll(ids);
      } else if (copy.whole) {
        readAgain(copy, ids);
      }
    }
  }

  /** The tenant changed as a whole: copy it again; PostgreSQL answers meanwhile. */
  void replaced(String tenant) {
    synchronized (lockOf(tenant)) {
      MirrorCopy copy = copies.get(tenant);
      if (copy == null) {
        return;
      }
      if (copy.copying && !copy.reading) {
        return; // the copy about to start reads the tables after this change: no need for another
      }
      copy.whole = false;
      copy.generation++;
      copy.failed = false;
      startCopy(copy);
    }
  }

  @Override
  public void listening() {
    epoch++;
    listening = true;
  }

  /** Notices may have been missed: every copy is dropped, from disk too, until copied again. */
  @Override
  public void deaf() {
    listening = false;
    epoch++;
    for (String tenant : List.copyOf(copies.keySet())) {
      synchronized (lockOf(tenant)) {
        copies.remove(tenant);
        MirrorRows.quietly(() -> local.deleteTenant(tenant));
      }
    }
  }

  @Override
  public void notice(ChangeNotices.Notice notice) {
    if (notice.wholeTenant()) {
      replaced(notice.tenant());
    } else {
      changed(notice.tenant(), notice.ids());
    }
  }

  private boolean whole(String tenant) {
    long current = epoch;
    if (!listening || closed || !TenantNames.isValid(tenant)) {
      return false; // a staging name is searched only by a rebuild's own checks
    }
    if (answers(tenant)) {
      return true;
    }
    synchronized (lockOf(tenant)) {
      MirrorCopy copy = copies.get(tenant);
      if (copy == null || copy.epoch != current) {
        copy = new MirrorCopy(tenant, current);
        copies.put(tenant, copy);
      }
      if (copy.epoch != epoch) {
        return false; // listening stopped since
      }
      if (!copy.whole && copy.mayCopy(System.nanoTime())) {
        startCopy(copy);
      }
      return copy.whole;
    }
  }

  /** Caller holds the tenant's lock. */
  private void startCopy(MirrorCopy copy) {
    if (copy.copying || closed) {
      return;
    }
    copy.copying = true;
    copy.reading = false;
    copy.changedWhileCopying.clear();
    long generation = copy.generation;
    try {
      copier.execute(() -> copy(copy, generation));
    } catch (RejectedExecutionException e) {
      copy.copying = false; // closing
    }
  }

  private void copy(MirrorCopy copy, long generation) {
    String staging =
        TenantNames.staging(copy.tenant, "m" + Long.toString(stagingTokens.incrementAndGet(), 36));
    boolean settled = false;
    try {
      synchronized (lockOf(copy.tenant)) {
        copy.reading = true; // a change announced from now on may be missing from what is read
      }
      if (!closed) {
        rows.copyInto(copy.tenant, staging, () -> closed);
      }
      synchronized (lockOf(copy.tenant)) {
        copy.copying = false;
        settled = true;
        if (closed || copies.get(copy.tenant) != copy) {
          local.deleteTenant(staging); // given up meanwhile: a newer copy or none takes over
        } else if (copy.generation != generation) {
          local.deleteTenant(staging);
          startCopy(copy); // replaced again while it was being copied
        } else {
          local.replaceTenant(copy.tenant, staging);
          copy.whole = readAgain(copy, List.copyOf(copy.changedWhileCopying)) && !copy.copying;
          copy.changedWhileCopying.clear();
        }
      }
    } catch (RuntimeException e) {
      if (!closed) {
        log.warn(
            "Tenant {} not copied to the mirror; PostgreSQL answers its searches", copy.tenant, e);
      }
      MirrorRows.quietly(() -> local.deleteTenant(staging));
      synchronized (lockOf(copy.tenant)) {
        copy.failed(System.nanoTime());
        if (copies.get(copy.tenant) == copy) {
          // What it held may be stale, and an erased ticket must not stay in it.
          MirrorRows.quietly(() -> local.deleteTenant(copy.tenant));
        }
      }
    } finally {
      if (!settled) {
        synchronized (lockOf(copy.tenant)) {
          copy.copying = false;
        }
      }
    }
  }

  /**
   * Caller holds the tenant's lock. Reads the ids from PostgreSQL and writes what it finds into the
   * copy; false, with the copy being made again, if that failed or the copy is no longer current.
   */
  private boolean readAgain(MirrorCopy copy, List<String> ids) {
    if (copies.get(copy.tenant) != copy) {
      return false;
    }
    if (ids.isEmpty()) {
      return true;
    }
    try {
      rows.readBack(copy.tenant, ids);
      return true;
    } catch (RuntimeException e) {
      log.warn("Mirror of tenant {} fell behind; copying it again", copy.tenant, e);
      copy.whole = false;
      copy.generation++;
      startCopy(copy);
      return false;
    }
  }

  private Object lockOf(String tenant) {
    return locks.computeIfAbsent(tenant, t -> new Object());
  }

  /**
   * Stops listening and copying, then drops the copy. No thread is interrupted: an interrupt during
   * a Lucene write closes its file channel and invalidates the index's lock.
   */
  @Override
  public void close() {
    closed = true;
    copier.shutdown();
    listener.close();
    try {
      copier.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    local.close();
    MirrorRows.quietly(() -> Directories.deleteRecursively(directory));
  }
}
