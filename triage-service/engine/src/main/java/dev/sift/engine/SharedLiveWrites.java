package dev.sift.engine;

import dev.sift.data.Ticket;
import dev.sift.engine.state.StateStore;
import dev.sift.engine.state.StateStore.Entries;
import dev.sift.engine.state.StateStore.LogRecord;
import dev.sift.engine.state.StateStore.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link LiveWrites} across replicas sharing one PostgreSQL: a journal per tenant (state kind
 * {@value #KIND}) whose snapshot says which rebuild is under way, whether the tenant was erased
 * since it started and how often it was erased, and whose log holds the live writes to replay.
 * Every live write, erasure and swap of a tenant runs inside an update of that journal, which holds
 * the tenant's row lock to its commit, so on every replica they follow one another as the local
 * lock makes them do in one process. A write through one replica while another rebuilds the tenant
 * is journaled there and replayed before the swap; an erasure through one stops the other's swap.
 *
 * <p>The cost: each live write (a batch of tickets counts as one) runs inside a transaction on the
 * journal, which spans the index's own write; live writes of one tenant run one at a time on all
 * replicas. Embedding, the slow part, happens before.
 */
final class SharedLiveWrites implements LiveWrites {

  static final String KIND = "rebuilds";

  /**
   * The journal's snapshot: the staging index of the rebuild under way (null: none), whether the
   * tenant was erased since it started, how often the tenant was erased so far, and how many
   * rebuilds swapped in (a re-embed's swap changes the tenant's model).
   */
  private record Marker(String staging, boolean erased, long erasures, long swaps) {
    static final Marker NONE = new Marker(null, false, 0, 0);

    /** With a rebuild into {@code into} under way, superseding any other. */
    Marker starting(String into) {
      return new Marker(into, false, erasures, swaps);
    }

    /** With no rebuild under way; one more swap when the one that ends {@code swappedIn}. */
    Marker ending(boolean swappedIn) {
      return new Marker(null, false, erasures, swappedIn ? swaps + 1 : swaps);
    }

    /** After one more erasure, which marks the rebuild under way, if any, erased. */
    Marker erasing() {
      return new Marker(staging, staging != null, erasures + 1, swaps);
    }
  }

  /** A live write as journaled: tickets upserted, or an id deleted. */
  private record Logged(List<Ticket> upserted, String deleted) {}

  /** What this replica last read of a tenant's journal. */
  private record Known(Position position, Marker marker) {
    static final Known NOTHING = new Known(Position.NOTHING, Marker.NONE);
  }

  /** What a step decided: the snapshot to write (null: unchanged), a record to log, a value. */
  private record Step<T>(Marker marker, Logged append, T value) {}

  /**
   * Live writes and erasures this replica runs at once. Each holds a pooled connection (the row
   * lock) while its write takes another from the same pool: unbounded, writes to as many tenants as
   * the pool has connections would each wait for a second one that never comes. A rebuild's start
   * and abandon take no other connection, and its finish runs on a job runner (one per replica), so
   * they need no permit: a permit never waits behind a swap's replay.
   */
  private static final int MAX_STEPS_AT_ONCE = 2;

  private final StateStore store;
  private final Consumer<String> swappedElsewhere;
  private final Semaphore steps = new Semaphore(MAX_STEPS_AT_ONCE, true);
  private final JsonMapper json = JsonMapper.builder().build();
  private final Map<String, Known> known = new ConcurrentHashMap<>();

  /**
   * Per tenant, so that this replica's writers queue in memory, each not holding a pooled
   * connection while it waits for the row.
   */
  private final Map<String, Object> mutexes = new ConcurrentHashMap<>();

  /** Staging indexes of the rebuilds this replica runs, with their tenants. */
  private final Map<String, String> rebuilding = new ConcurrentHashMap<>();

  /**
   * @param swappedElsewhere told a tenant that another replica swapped a rebuild in for, or erased,
   *     since this replica last looked, before a write of it: either changes the tenant's model
   */
  SharedLiveWrites(StateStore store, Consumer<String> swappedElsewhere) {
    this.store = store;
    this.swappedElsewhere = swappedElsewhere;
  }

  @Override
  public <T> T write(String tenant, RebuildJournals.Write write, Supplier<T> apply) {
    return step(tenant, false, true, (m, log) -> logged(m, write, apply.get()));
  }

  @Override
  public <T> T writeUnlessErased(
      String tenant, long erasuresSeen, RebuildJournals.Write write, Supplier<T> apply) {
    return step(
        tenant,
        false,
        true,
        (m, log) -> {
          if (m.erasures() != erasuresSeen) {
            throw new TenantErasedException(tenant);
          }
          return logged(m, write, apply.get());
        });
  }

  /** Logs the write for the rebuild under way, unless there is none or its tenant was erased. */
  private static <T> Step<T> logged(Marker m, RebuildJournals.Write write, T value) {
    if (m.staging() == null || m.erased()) {
      return new Step<>(null, null, value);
    }
    Logged record =
        switch (write) {
          case RebuildJournals.Upserted u -> new Logged(u.tickets(), null);
          case RebuildJournals.Deleted d -> new Logged(null, d.id());
        };
    return new Step<>(null, record, value);
  }

  @Override
  public void erase(String tenant, Runnable delete) {
    step(
        tenant,
        false,
        true,
        (m, log) -> {
          delete.run();
          // A new snapshot also drops the writes logged for the rebuild: it will not swap in.
          return new Step<>(m.erasing(), null, null);
        });
  }

  @Override
  public long erasures(String tenant) {
    return stored(tenant).erasures();
  }

  @Override
  public void start(String tenant, String staging) {
    // A rebuild of the tenant under way on another replica is superseded: its swap will refuse.
    step(tenant, false, false, (m, log) -> new Step<>(m.starting(staging), null, null));
    rebuilding.put(staging, tenant);
  }

  @Override
  public void finish(
      String tenant, String staging, Consumer<List<RebuildJournals.Write>> replayAndSwap) {
    try {
      step(
          tenant,
          true,
          false,
          (m, log) -> {
            if (m.erased() && staging.equals(m.staging())) {
              throw new TenantErasedException(tenant);
            }
            if (!staging.equals(m.staging())) {
              throw new IllegalStateException(
                  "another rebuild of tenant " + tenant + " started after this one; it swaps in");
            }
            replayAndSwap.accept(writes(log));
            return new Step<>(m.ending(true), null, null);
          });
    } finally {
      rebuilding.remove(staging);
    }
  }

  @Override
  public void abandon(String tenant, String staging) {
    rebuilding.remove(staging);
    step(
        tenant,
        false,
        false,
        (m, log) -> new Step<>(staging.equals(m.staging()) ? m.ending(false) : null, null, null));
  }

  @Override
  public void refuseIfErased(String staging) {
    String tenant = rebuilding.get(staging);
    if (tenant == null) {
      return;
    }
    Marker m = stored(tenant);
    if (m.erased() && staging.equals(m.staging())) {
      throw new TenantErasedException(tenant);
    }
  }

  /**
   * Runs {@code f} on the tenant's journal while holding it: with the log since the snapshot when
   * {@code wholeLog}, else with whatever this replica has not read (which {@code f} ignores); under
   * a permit when {@code writesIndex}.
   */
  private <T> T step(
      String tenant,
      boolean wholeLog,
      boolean writesIndex,
      BiFunction<Marker, List<LogRecord>, Step<T>> f) {
    synchronized (mutexes.computeIfAbsent(tenant, t -> new Object())) {
      if (!writesIndex) {
        return stepHeld(tenant, wholeLog, f);
      }
      steps.acquireUninterruptibly();
      try {
        return stepHeld(tenant, wholeLog, f);
      } finally {
        steps.release();
      }
    }
  }

  private <T> T stepHeld(
      String tenant, boolean wholeLog, BiFunction<Marker, List<LogRecord>, Step<T>> f) {
    Known k = known.getOrDefault(tenant, Known.NOTHING);
    Marker[] after = new Marker[1];
    StateStore.Logged<T> done =
        store.updateJournal(
            tenant,
            wholeLog ? Position.NOTHING : k.position(),
            journal -> {
              Marker m = journal.reloaded() ? marker(journal.snapshot()) : k.marker();
              if (m.swaps() != k.marker().swaps() || m.erasures() != k.marker().erasures()) {
                swappedElsewhere.accept(tenant);
              }
              Step<T> s = f.apply(m, journal.log());
              after[0] = s.marker() == null ? m : s.marker();
              return new Entries<>(
                  s.marker() == null ? null : json.writeValueAsBytes(s.marker()),
                  s.append() == null ? null : List.of(json.writeValueAsBytes(s.append())),
                  s.value());
            });
    known.put(tenant, new Known(done.position(), after[0]));
    return done.value();
  }

  /** The tenant's marker as stored now, read without its lock. */
  private Marker stored(String tenant) {
    return store.read(tenant).map(v -> marker(v.content())).orElse(Marker.NONE);
  }

  private Marker marker(byte[] snapshot) {
    return snapshot == null || snapshot.length == 0
        ? Marker.NONE
        : json.readValue(snapshot, Marker.class);
  }

  private List<RebuildJournals.Write> writes(List<LogRecord> log) {
    List<RebuildJournals.Write> out = new ArrayList<>(log.size());
    for (LogRecord r : log) {
      Logged l = json.readValue(r.content(), Logged.class);
      out.add(
          l.deleted() != null
              ? new RebuildJournals.Deleted(l.deleted())
              : new RebuildJournals.Upserted(l.upserted()));
    }
    return out;
  }
}
