package dev.sift.service.admin;

import dev.sift.data.TicketReader;
import dev.sift.engine.AtomicFiles;
import dev.sift.engine.TriageEngine;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Long-running tenant rebuilds, one at a time on a thread of their own (embedding already uses every core). Jobs
 * are written to {@code <dir>/jobs.json} as they change, so that after a restart a job that was running is
 * reported as failed, and its staging index is dropped, leaving the tenant on its previous index.
 */
public final class Jobs implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Jobs.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** Finished jobs remembered, newest kept. */
  private static final int MAX_KEPT = 100;
  private static final int ID_BYTES = 6;
  private static final String STATE_FILE = "jobs.json";
  /** A cancelled job stops at its next ticket; this is ample for that. */
  private static final long SHUTDOWN_WAIT_SECONDS = 10;

  private final Path dir;
  private final VectorIndex index;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sift-jobs");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Job> running = new LinkedHashMap<>();
  private final Map<String, JobView> finished = new LinkedHashMap<>();

  public Jobs(Path dir, VectorIndex index, Clock clock) {
    this.dir = dir;
    this.index = index;
    this.clock = clock;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create jobs directory " + dir, e);
    }
    recover();
  }

  /** Queues a rebuild of {@code tenant} from an uploaded file, which the job deletes when it ends. */
  public JobView submitReplace(String tenant, Path upload, TicketReader reader, HistoryImporter importer) {
    long size;
    try {
      size = Files.size(upload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Job job = new Job(newId(), "replace-history", tenant, size, clock);
    synchronized (this) {
      running.put(job.id(), job);
      save();
    }
    worker.execute(() -> runReplace(job, tenant, upload, reader, importer));
    return job.view();
  }

  /**
   * Queues a re-embed of the given tenants with the configured model, one after another; each is rebuilt beside
   * its live index, swapped in and refitted, so triage keeps answering (with the old model) until its swap.
   */
  public JobView submitReembed(List<String> tenants, TriageEngine engine) {
    Job job = new Job(newId(), "reembed", String.join(",", tenants), 0, clock);
    synchronized (this) {
      running.put(job.id(), job);
      save();
    }
    worker.execute(() -> runReembed(job, tenants, engine));
    return job.view();
  }

  private void runReembed(Job job, List<String> tenants, TriageEngine engine) {
    job.start();
    persist();
    long total = 0;
    try {
      for (String tenant : tenants) {
        long before = total;
        job.phase("reembedding " + tenant, total);
        total += engine.store().reembed(tenant, job.id(), n -> job.phase("reembedding " + tenant, before + n),
            job::cancelRequested);
        job.phase("calibrating " + tenant, total);
        persist();
        engine.refit(tenant);
        log.info("job {}: tenant {} re-embedded with {}", job.id(), tenant, engine.store().modelId());
      }
      job.finish("succeeded", null, null);
    } catch (java.util.concurrent.CancellationException e) {
      job.finish("cancelled", null, "cancelled; tenants not yet swapped stay on their previous model");
    } catch (RuntimeException e) {
      log.warn("job {}: re-embed failed", job.id(), e);
      job.finish("failed", null, "the re-embed failed (" + e.getMessage() + "); tenants not yet swapped stay on "
          + "their previous model");
    } finally {
      synchronized (this) {
        running.remove(job.id());
        finished.put(job.id(), job.view());
        trim();
        save();
      }
    }
  }

  /** A place for an upload that a job will read; under the jobs directory, so it is on the same disk. */
  public Path uploadFile() {
    return dir.resolve(newId() + ".upload");
  }

  public synchronized Optional<JobView> get(String id) {
    Job job = running.get(id);
    return job != null ? Optional.of(job.view()) : Optional.ofNullable(finished.get(id));
  }

  /** Running jobs first, then finished ones, newest first. */
  public synchronized List<JobView> list() {
    List<JobView> out = new ArrayList<>();
    running.values().forEach(j -> out.add(j.view()));
    List<JobView> done = new ArrayList<>(finished.values());
    java.util.Collections.reverse(done);
    out.addAll(done);
    return out;
  }

  /** Asks a job to stop; it stops at its next ticket and leaves the tenant on its previous index. */
  public synchronized Optional<JobView> cancel(String id) {
    Job job = running.get(id);
    if (job == null) {
      return Optional.ofNullable(finished.get(id));
    }
    job.requestCancel();
    return Optional.of(job.view());
  }

  private void runReplace(Job job, String tenant, Path upload, TicketReader reader, HistoryImporter importer) {
    job.start();
    persist();
    HistoryImporter.Listener listener = new HistoryImporter.Listener() {
      @Override
      public void stored(long imported) {
        job.phase("importing", imported);
      }

      @Override
      public void swapping(long imported) {
        job.phase("swapping", imported);
        persist();
      }

      @Override
      public void calibrating(long imported) {
        job.phase("calibrating", imported);
        persist();
      }
    };
    try (InputStream in = new Counting(Files.newInputStream(upload), job)) {
      HistoryImporter.Result result = importer.replace(tenant, job.id(), reader, in, listener, job::cancelRequested);
      job.finish("succeeded", result.report(), null);
      log.info("job {}: tenant {} rebuilt, {}", job.id(), tenant, result.report().summary());
    } catch (HistoryImporter.ReplaceAbandonedException e) {
      job.finish(job.cancelRequested() ? "cancelled" : "failed", null, e.getMessage());
    } catch (RuntimeException | IOException e) {
      log.warn("job {}: rebuild of tenant {} failed", job.id(), tenant, e);
      job.finish("failed", null, "the rebuild failed (" + e.getMessage() + "); the tenant was left as it was");
    } finally {
      try {
        Files.deleteIfExists(upload);
      } catch (IOException e) {
        log.warn("cannot delete upload {}", upload, e);
      }
      synchronized (this) {
        running.remove(job.id());
        finished.put(job.id(), job.view());
        trim();
        save();
      }
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
    try {
      AtomicFiles.write(dir.resolve(STATE_FILE), JSON.writeValueAsBytes(all));
    } catch (IOException e) {
      log.warn("cannot save job state to {}", dir, e);
    }
  }

  private void recover() {
    Path file = dir.resolve(STATE_FILE);
    if (!Files.exists(file)) {
      return;
    }
    List<JobView> saved;
    try {
      saved = JSON.readValue(file.toFile(), new TypeReference<List<JobView>>() { });
    } catch (RuntimeException e) {
      log.warn("cannot read job state {}; starting with none", file, e);
      return;
    }
    for (JobView v : saved) {
      if (v.finished()) {
        finished.put(v.id(), v);
        continue;
      }
      // The process stopped mid-job: the swap never happened, so the tenant is on its old index.
      for (String tenant : v.tenant().split(",")) {
        try {
          index.deleteTenant(TenantNames.staging(tenant, v.id()));
        } catch (RuntimeException e) {
          log.warn("cannot drop the staging index of interrupted job {}", v.id(), e);
        }
      }
      finished.put(v.id(), new JobView(v.id(), v.kind(), v.tenant(), "failed", "done", v.createdAt(), v.startedAt(),
          clock.instant(), v.imported(), v.rowsRead(), v.skipped(), v.bytesRead(), v.bytesTotal(),
          v.ticketsPerSecond(), null, "interrupted by a restart; the tenant was left on its previous index",
          v.skippedRows()));
      log.warn("job {} (tenant {}) was interrupted by a restart and is marked failed", v.id(), v.tenant());
    }
    try (var uploads = Files.list(dir)) {
      for (Path p : uploads.filter(p -> p.getFileName().toString().endsWith(".upload")).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("cannot clean uploads in {}", dir, e);
    }
    save();
  }

  private String newId() {
    byte[] b = new byte[ID_BYTES];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    running.values().forEach(Job::requestCancel);
    worker.shutdown();
    try {
      if (!worker.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reports how much of the upload has been read, for the ETA. */
  private static final class Counting extends FilterInputStream {
    private final Job job;
    private long count;

    Counting(InputStream in, Job job) {
      super(in);
      this.job = job;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        job.bytesRead(++count);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
        job.bytesRead(count);
      }
      return n;
    }
  }
}
