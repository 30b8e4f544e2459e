package dev.sift.service.admin;

import dev.sift.engine.state.StateStore;
import dev.sift.index.TenantNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job records in a store that replicas share (PostgreSQL), so that whichever replica a load
 * balancer picks answers for a job another replica runs, and can cancel it. The replica running a
 * job publishes its record every few seconds (its heartbeat, a new version each time) and takes a
 * cancel request from it. A running job whose record a reader has seen unchanged for {@link
 * #STALE_AFTER}, by the reader's own clock (so clocks of replicas need not agree), belongs to a
 * replica that died mid-job: the reader reports it failed and drops its staging index. A runner
 * that was only stalled finds the verdict at its next heartbeat, and before its swap, and stops.
 */
final class SharedJobs {

  private static final Logger log = LoggerFactory.getLogger(SharedJobs.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** How often a running job's record is refreshed. */
  static final Duration HEARTBEAT = Duration.ofSeconds(2);

  /** A running job whose record is older than this ran on a replica that is gone. */
  static final Duration STALE_AFTER = Duration.ofSeconds(30);

  /** Reads the stored content whatever version the caller last saw. */
  private static final long ALWAYS_READ = -1;

  /**
   * One job as stored: its view, when its replica last refreshed it, and whether someone asked it
   * to stop.
   */
  record Record(JobView view, Instant heartbeat, boolean cancelRequested) {}

  private final StateStore store;
  private final BiConsumer<String, String> dropStaging;
  private final Clock clock;

  /** For each running job read, the version seen and since when (this replica's clock). */
  private final java.util.concurrent.ConcurrentHashMap<String, Seen> seen =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record Seen(long version, Instant since) {}

  SharedJobs(StateStore store, BiConsumer<String, String> dropStaging, Clock clock) {
    this.store = store;
    this.dropStaging = dropStaging;
    this.clock = clock;
  }

  /**
   * Stores the view of a job this replica runs; returns whether another replica asked to cancel it.
   */
  boolean publish(JobView view) {
    return store
        .update(
            view.id(),
            ALWAYS_READ,
            current -> {
              Record stored = current.content() == null ? null : decode(current.content());
              if (stored != null && stored.view().finished() && !view.finished()) {
                // Another replica judged this job lost (its heartbeat stopped) and dropped its
                // staging index: stop.
                return new StateStore.Result<>(null, true);
              }
              boolean cancel = stored != null && stored.cancelRequested();
              return new StateStore.Result<>(
                  encode(new Record(view, clock.instant(), cancel)), cancel);
            })
        .value();
  }

  Optional<JobView> get(String id) {
    if (!TenantNames.isValid(id)) {
      return Optional.empty();
    }
    return store.read(id).map(v -> settle(id, v.version(), decode(v.content())));
  }

  /** Every stored job, running ones first, then newest first. */
  List<JobView> list() {
    List<JobView> all = new ArrayList<>();
    for (String id : store.tenants()) {
      get(id).ifPresent(all::add);
    }
    all.sort(
        Comparator.comparing((JobView v) -> v.finished())
            .thenComparing(JobView::createdAt, Comparator.reverseOrder()));
    return all;
  }

  /** Marks a job of another replica for cancelling; it stops at that replica's next heartbeat. */
  Optional<JobView> requestCancel(String id) {
    if (!TenantNames.isValid(id) || store.version(id).isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        store
            .update(
                id,
                ALWAYS_READ,
                current -> {
                  if (current.content() == null) {
                    return new StateStore.Result<JobView>(null, null);
                  }
                  Record r = decode(current.content());
                  if (r.view().finished()) {
                    return new StateStore.Result<>(null, r.view());
                  }
                  return new StateStore.Result<>(
                      encode(new Record(r.view(), r.heartbeat(), true)), r.view());
                })
            .value());
  }

  /** Forgets the oldest finished jobs beyond {@code keep}. */
  void trim(int keep) {
    List<JobView> finished = list().stream().filter(JobView::finished).toList();
    for (int i = keep; i < finished.size(); i++) {
      store.delete(finished.get(i).id());
    }
  }

  /**
   * A running job whose record stopped changing lost its replica: say so, once, and drop its
   * staging index.
   */
  private JobView settle(String id, long version, Record r) {
    if (r.view().finished()) {
      seen.remove(id);
      return r.view();
    }
    Instant now = clock.instant();
    Seen s =
        seen.compute(
            id,
            (k, prev) -> prev != null && prev.version() == version ? prev : new Seen(version, now));
    if (Duration.between(s.since(), now).compareTo(STALE_AFTER) <= 0) {
      return r.view();
    }
    boolean[] marked = {false};
    JobView v =
        store
            .update(
                id,
                ALWAYS_READ,
                current -> {
                  Record stored = decode(current.content());
                  if (current.version() != version || stored.view().finished()) {
                    return new StateStore.Result<>(null, stored.view()); // it moved after all
                  }
                  JobView failed =
                      stored
                          .view()
                          .failed(
                              now,
                              "the replica running it stopped (its record did not change for "
                                  + STALE_AFTER.toSeconds()
                                  + " s); "
                                  + (Jobs.APPEND.equals(stored.view().kind())
                                      ? "the tickets stored before stay in the tenant"
                                      : "the tenant was left on its previous index"));
                  marked[0] = true;
                  return new StateStore.Result<>(
                      encode(new Record(failed, stored.heartbeat(), stored.cancelRequested())),
                      failed);
                })
            .value();
    seen.remove(id);
    if (marked[0]) {
      // After the record's transaction: the drop takes its own connection.
      log.warn("job {} (tenant {}) lost its replica and is marked failed", v.id(), v.tenant());
      Jobs.dropStaging(dropStaging, v);
    }
    return v;
  }

  private static byte[] encode(Record r) {
    return JSON.writeValueAsBytes(r);
  }

  private static Record decode(byte[] content) {
    return JSON.readValue(content, Record.class);
  }
}
