package dev.sift.service.admin;

import dev.sift.data.ImportReport;
import dev.sift.data.TicketReader;
import dev.sift.engine.FitProgress;
import dev.sift.engine.History;
import dev.sift.engine.HistoryImporter;
import dev.sift.engine.TenantErasedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of the jobs {@link Jobs} queues, run on its worker thread: an import of an uploaded file
 * (appended, or replacing the tenant) and a re-embed of tenants. Each reports its progress on its
 * {@link Job} and ends it.
 */
final class JobRuns {

  private static final Logger log = LoggerFactory.getLogger(JobRuns.class);

  /** What a running job needs from {@link Jobs}. */
  interface Host {
    /** Saves every job's state, and on a shared database publishes the running ones. */
    void persist();

    /**
     * On a shared database, publishes the job and returns whether another replica asked it to stop
     * or judged it lost; false on a single instance.
     */
    boolean stopRequestedByReplicas(Job job);

    /** Moves an ended job to the finished ones. */
    void retire(Job job);
  }

  private final Host host;

  JobRuns(Host host) {
    this.host = host;
  }

  /**
   * @param erasuresSeen the tenant's deletions when the job was queued ({@link
   *     HistoryImporter#erasures})
   */
  void importUpload(
      Job job,
      String tenant,
      boolean replace,
      Path upload,
      HistorySource source,
      HistoryImporter importer,
      long erasuresSeen) {
    job.start();
    job.phase("counting", 0);
    host.persist();
    HistoryImporter.Listener listener =
        new HistoryImporter.Listener() {
          @Override
          public void stored(long imported) {
            job.phase("importing", imported);
            job.rowsRead(imported);
          }

          @Override
          public void swapping(long imported) {
            job.phase("swapping", imported);
            host.persist();
            // The last word before the swap: another replica may have cancelled the job, or judged
            // it lost.
            if (host.stopRequestedByReplicas(job)) {
              throw new HistoryImporter.ReplaceAbandonedException(
                  "cancelled before the swap; the tenant was left as it was");
            }
          }

          @Override
          public void calibrating(long imported) {
            job.phase("calibrating", imported);
            host.persist();
          }

          @Override
          public void calibrationProgress(FitProgress.Step step, long done, long total) {
            job.calibration(step, done, total);
          }
        };
    try {
      // A first pass that embeds nothing counts the rows, so that progress and ETA have a total
      // from the start.
      try (InputStream in = Files.newInputStream(upload)) {
        ImportReport counted = source.reader(rows -> {}).read(in, ticket -> {});
        job.rowsTotal(counted.rowsRead(), counted.imported());
      }
      job.phase("importing", 0);
      host.persist();
      try (InputStream in = new CountingInputStream(Files.newInputStream(upload), job::bytesRead)) {
        TicketReader reader = source.reader(job::rowsRead);
        HistoryImporter.Result result =
            replace
                ? importer.replace(tenant, job.id(), reader, in, listener, job::cancelRequested)
                : importer.run(tenant, reader, in, listener, job::cancelRequested, erasuresSeen);
        job.finish(JobState.SUCCEEDED, result.report(), null);
        log.info(
            "job {}: tenant {} {}, {}",
            job.id(),
            tenant,
            replace ? "rebuilt" : "imported",
            result.report().summary());
      }
    } catch (HistoryImporter.ReplaceAbandonedException e) {
      job.finish(
          job.cancelRequested() ? JobState.CANCELLED : JobState.FAILED, null, e.getMessage());
    } catch (HistoryImporter.CancelledException e) {
      job.finish(JobState.CANCELLED, null, e.getMessage() + "; they stay in the tenant");
    } catch (TenantErasedException e) {
      job.finish(
          JobState.CANCELLED,
          null,
          "the tenant was deleted while it was "
              + (replace ? "rebuilt; the rebuild was dropped" : "imported"));
    } catch (RuntimeException | IOException e) {
      log.warn("job {}: import into tenant {} failed", job.id(), tenant, e);
      job.finish(
          JobState.FAILED,
          null,
          (replace ? "the rebuild failed (" : "the import failed (")
              + e.getMessage()
              + (replace
                  ? "); the tenant was left as it was"
                  : "); the tickets stored before stay in the tenant"));
    } finally {
      try {
        Files.deleteIfExists(upload);
      } catch (IOException e) {
        log.warn("cannot delete upload {}", upload, e);
      }
      host.retire(job);
    }
  }

  void reembed(Job job, List<String> tenants, History history) {
    job.start();
    host.persist();
    long total = 0;
    List<String> erased = new ArrayList<>();
    try {
      for (String tenant : tenants) {
        long before = total;
        job.phase("reembedding " + tenant, total);
        try {
          // On a shared database every poll also publishes the job (a batch of tickets apart, or
          // just before the swap), so a cancel, or a verdict that the job was lost, stops it before
          // it swaps.
          total +=
              history.reembed(
                  tenant,
                  job.id(),
                  n -> {
                    job.phase("reembedding " + tenant, before + n);
                    job.rowsRead(before + n);
                  },
                  () -> job.cancelRequested() || host.stopRequestedByReplicas(job));
        } catch (TenantErasedException e) {
          log.info(
              "job {}: tenant {} was deleted during its re-embed, which was dropped",
              job.id(),
              tenant);
          erased.add(tenant);
          continue;
        }
        job.phase("calibrating " + tenant, total);
        host.persist();
        if (history.hasHistory(tenant)) { // deleted since its swap: nothing left to calibrate
          history.refit(tenant, job::calibration);
        }
        log.info(
            "job {}: tenant {} re-embedded with {}", job.id(), tenant, history.embeddingModel());
      }
      // A tenant deleted meanwhile cancelled its part of the job; the others went on.
      boolean allErased = !erased.isEmpty() && erased.size() == tenants.size();
      job.finish(
          allErased ? JobState.CANCELLED : JobState.SUCCEEDED,
          null,
          erased.isEmpty()
              ? null
              : "deleted while the job ran, so not re-embedded: " + String.join(", ", erased));
    } catch (java.util.concurrent.CancellationException e) {
      job.finish(
          JobState.CANCELLED,
          null,
          "cancelled; tenants not yet swapped stay on their previous model");
    } catch (RuntimeException e) {
      log.warn("job {}: re-embed failed", job.id(), e);
      job.finish(
          JobState.FAILED,
          null,
          "the re-embed failed ("
              + e.getMessage()
              + "); tenants not yet swapped stay on "
              + "their previous model");
    } finally {
      host.retire(job);
    }
  }
}
