package dev.sift.service.admin;

import dev.sift.engine.History;
import dev.sift.engine.HistoryImporter;
import dev.sift.engine.state.StateStore;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-running tenant work (history imports, rebuilds, re-embeds), one at a time on a thread of
 * their own (embedding already uses every core). Jobs are written to {@code <dir>/jobs.json}
 * ({@link JobsFile}) as they change, so that after a restart a job that was running is reported as
 * failed, and its staging index is dropped, leaving the tenant on its previous index. Replicas on
 * one database also publish their jobs there ({@link SharedJobs}), so any replica reports and
 * cancels any job.
 */
public final class Jobs implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Jobs.class);

  /** Finished jobs remembered, newest kept. */
  private static final int MAX_KEPT = 100;

  private static final int ID_BYTES = 6;

  /** A cancelled job stops at its next ticket; this is ample for that. */
  private static final long SHUTDOWN_WAIT_SECONDS = 10;

  /** Job kinds: an import added to a tenant, and one that rebuilds it from the file alone. */
  static final String APPEND = "import-history";

  static final String REPLACE = "replace-history";

  private final JobsFile file;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "sift-jobs");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Job> running = new LinkedHashMap<>();
  private final Map<String, JobView> finished = new LinkedHashMap<>();

  /** Null on a single instance. */
  private final PublishedJobs shared;

  private final JobRuns runs =
      new JobRuns(
          new JobRuns.Host() {
            @Override
            public void persist() {
              Jobs.this.persist();
            }

            @Override
            public boolean stopRequestedByReplicas(Job job) {
              return shared != null && shared.publish(job);
            }

            @Override
            public void retire(Job job) {
              Jobs.this.retire(job);
            }
          });

  public Jobs(Path dir, VectorIndex index, Clock clock) {
    this(dir, index, clock, null);
  }

  /**
   * @param sharedStore where replicas on one database publish their jobs; null on a single instance
   */
  public Jobs(Path dir, VectorIndex index, Clock clock, StateStore sharedStore) {
    this(dir, (tenant, staging) -> index.deleteTenant(staging), clock, sharedStore);
  }

  /**
   * @param dropStaging drops the staging index (second argument) of a tenant's rebuild (first) that
   *     will never be swapped in: a job interrupted by a restart, or one whose replica died
   * @param sharedStore where replicas on one database publish their jobs; null on a single instance
   */
  public Jobs(
      Path dir, BiConsumer<String, String> dropStaging, Clock clock, StateStore sharedStore) {
    this.clock = clock;
    this.file = new JobsFile(dir);
    this.shared =
        sharedStore == null
            ? null
            : new PublishedJobs(new SharedJobs(sharedStore, dropStaging, clock), this::runningJobs);
    file.recover(dropStaging, clock).forEach(v -> finished.put(v.id(), v));
  }

  /**
   * Queues an import of an uploaded file into {@code tenant}: added to its tickets, or with {@code
   * replace} rebuilding the tenant from the file alone. The job deletes the upload when it ends.
   */
  public JobView submitImport(
      String tenant, boolean replace, Path upload, HistorySource source, HistoryImporter importer) {
    long size;
    try {
      size = Files.size(upload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Job job = new Job(newId(), replace ? REPLACE : APPEND, tenant, size, clock);
    // Noted now, not when the job starts: a delete while it waits in the queue must stop it too.
    long erasuresSeen = importer.erasures(tenant);
    synchronized (this) {
      running.put(job.id(), job);
      save();
    }
    worker.execute(
        () -> runs.importUpload(job, tenant, replace, upload, source, importer, erasuresSeen));
    return job.view();
  }

  /**
   * Queues a re-embed of the given tenants with the configured model, one after another; each is
   * rebuilt beside its live index, swapped in and refitted, so triage keeps answering (with the old
   * model) until its swap.
   */
  public JobView submitReembed(List<String> tenants, History history) {
    Job job = new Job(newId(), "reembed", String.join(",", tenants), 0, clock);
    long tickets = tenants.stream().mapToLong(history::ticketCount).sum();
    job.rowsTotal(tickets, tickets);
    synchronized (this) {
      running.put(job.id(), job);
      save();
    }
    worker.execute(() -> runs.reembed(job, tenants, history));
    return job.view();
  }

  /**
   * A place for an upload that a job will read; under the jobs directory, so it is on the same
   * disk.
   */
  public Path uploadFile() {
    return file.uploadFile(newId());
  }

  public Optional<JobView> get(String id) {
    synchronized (this) {
      Job job = running.get(id);
      if (job != null) {
        return Optional.of(job.view());
      }
      if (finished.containsKey(id)) {
        return Optional.of(finished.get(id));
      }
    }
    return shared == null ? Optional.empty() : shared.get(id);
  }

  /**
   * Running jobs first, then finished ones, newest first; on a shared database, every replica's.
   */
  public List<JobView> list() {
    List<JobView> out = new ArrayList<>();
    synchronized (this) {
      running.values().forEach(j -> out.add(j.view()));
      List<JobView> done = new ArrayList<>(finished.values());
      java.util.Collections.reverse(done);
      out.addAll(done);
    }
    if (shared != null) {
      shared.addOthers(out);
    }
    return out;
  }

  /**
   * Asks a job to stop; it stops at its next ticket and leaves the tenant on its previous index. A
   * job of another replica stops at that replica's next heartbeat.
   */
  public Optional<JobView> cancel(String id) {
    synchronized (this) {
      Job job = running.get(id);
      if (job != null) {
        job.requestCancel();
        return Optional.of(job.view());
      }
      if (finished.containsKey(id)) {
        return Optional.of(finished.get(id));
      }
    }
    return shared == null ? Optional.empty() : shared.requestCancel(id);
  }

  /** Drops the staging indexes of a job that will never swap them in. */
  static void dropStaging(BiConsumer<String, String> drop, JobView job) {
    for (String tenant : job.tenants()) {
      String staging = TenantNames.staging(tenant, job.id());
      try {
        drop.accept(tenant, staging);
      } catch (RuntimeException e) {
        log.warn("cannot drop the staging index {} of job {}", staging, job.id(), e);
      }
    }
  }

  /** Moves an ended job to the finished ones, on disk and, for replicas, in the database. */
  private void retire(Job job) {
    synchronized (this) {
      running.remove(job.id());
      finished.put(job.id(), job.view());
      trim();
      save();
    }
    if (shared != null) {
      shared.publishFinished(job.view(), MAX_KEPT);
    }
  }

  private void trim() {
    while (finished.size() > MAX_KEPT) {
      finished.remove(finished.keySet().iterator().next());
    }
  }

  private synchronized void persist() {
    save();
  }

  private void save() {
    List<JobView> all = new ArrayList<>(finished.values());
    running.values().forEach(j -> all.add(j.view()));
    file.save(all);
    if (shared != null) {
      running.values().forEach(shared::publish);
    }
  }

  /** The running jobs, for the heartbeat of a replica. */
  private synchronized List<Job> runningJobs() {
    return List.copyOf(running.values());
  }

  private String newId() {
    byte[] b = new byte[ID_BYTES];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    if (shared != null) {
      shared.close();
    }
    synchronized (this) {
      running.values().forEach(Job::requestCancel);
    }
    worker.shutdown();
    try {
      if (!worker.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
