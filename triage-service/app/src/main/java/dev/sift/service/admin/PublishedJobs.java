package dev.sift.service.admin;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of {@link Jobs} that only replicas on one database have: this replica's jobs published
 * to {@link SharedJobs} as they change and on a heartbeat (which also takes cancel requests from
 * other replicas), and the jobs of other replicas found there. Failures to publish only log: the
 * job goes on, and the next heartbeat tries again.
 */
final class PublishedJobs implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PublishedJobs.class);

  private final SharedJobs shared;
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sift-jobs-heartbeat");
            t.setDaemon(true);
            return t;
          });

  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sift-jobs-sweep");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param running this replica's running jobs, as the heartbeat finds them
   */
  PublishedJobs(SharedJobs shared, Supplier<List<Job>> running) {
    this.shared = shared;
    long every = SharedJobs.HEARTBEAT.toMillis();
    heartbeat.scheduleWithFixedDelay(
        () -> running.get().forEach(this::publish), every, every, TimeUnit.MILLISECONDS);
    // Reading every record is what finds another replica's job lost, drops its staging index and
    // ends its tenant's journal of live writes, which every write of the tenant would otherwise
    // keep growing: so it runs every STALE_AFTER, not only when someone lists the jobs. On its own
    // thread, as a drop can take a while and this replica's heartbeats must not stop meanwhile (the
    // others would judge its own jobs lost).
    long sweep = SharedJobs.STALE_AFTER.toMillis();
    sweeper.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  private void sweep() {
    try {
      shared.list();
    } catch (RuntimeException e) {
      log.warn("cannot read the shared jobs to find lost ones", e);
    }
  }

  /**
   * Publishes a job's view on the shared database; returns whether it should stop. Failures only
   * log.
   */
  boolean publish(Job job) {
    try {
      if (shared.publish(job.view())) {
        job.requestCancel();
        return true;
      }
    } catch (RuntimeException e) {
      log.warn("cannot publish job {} to the shared database", job.id(), e);
    }
    return false;
  }

  /** Publishes an ended job, keeping the newest {@code maxKept} finished jobs of all replicas. */
  void publishFinished(JobView view, int maxKept) {
    try {
      shared.publish(view);
      shared.trim(maxKept);
    } catch (RuntimeException e) {
      log.warn("cannot publish job {} to the shared database", view.id(), e);
    }
  }

  Optional<JobView> get(String id) {
    return shared.get(id);
  }

  Optional<JobView> requestCancel(String id) {
    return shared.requestCancel(id);
  }

  /**
   * Adds the jobs of other replicas to this one's, running jobs first, then finished ones, newest
   * first.
   */
  void addOthers(List<JobView> out) {
    Set<String> local = new HashSet<>();
    out.forEach(v -> local.add(v.id()));
    shared.list().stream().filter(v -> !local.contains(v.id())).forEach(out::add);
    out.sort(
        Comparator.comparing((JobView v) -> v.finished())
            .thenComparing(JobView::createdAt, Comparator.reverseOrder()));
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    sweeper.shutdownNow();
  }
}
