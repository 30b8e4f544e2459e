package dev.sift.engine;

import dev.sift.engine.state.StateException;
import dev.sift.engine.state.StateStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenant fits ({@link TenantFit}), kept in memory and in a {@link StateStore} (JSON per tenant:
 * files for one instance, PostgreSQL for replicas), refitted in the background when a tenant's
 * history has grown enough since the last fit ({@link RefitScheduler}). With a shared store, a
 * replica picks up a refit made by another one: {@link #current} checks the stored version every
 * time, the triage path at most every {@link #SHARED_CHECK_INTERVAL}.
 */
public final class TenantFits implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TenantFits.class);

  /**
   * How stale a replica's fit may be on the triage path: one cheap version query per tenant per
   * interval.
   */
  static final Duration SHARED_CHECK_INTERVAL = Duration.ofSeconds(5);

  private final StateStore state;
  private final TenantFitter fitter;

  /**
   * The stored version of each fit held in memory, and when it was last compared with the store.
   */
  private final ConcurrentHashMap<String, Long> versions = new ConcurrentHashMap<>();

  private final ConcurrentHashMap<String, Long> checkedAt = new ConcurrentHashMap<>();
  private final JsonMapper json = fitJson();
  private final ConcurrentHashMap<String, TenantFit> fits = new ConcurrentHashMap<>();
  private final RefitScheduler refits = new RefitScheduler(this::refit);

  TenantFits(StateStore state, TenantFitter fitter) {
    this.state = state;
    this.fitter = fitter;
  }

  /** The tenant's fit, made now if it has none yet. */
  TenantFit get(String tenant) {
    TenantFit m = fits.get(tenant);
    if (m != null) {
      if (state.shared() && isDue(tenant)) {
        return refreshed(tenant, m);
      }
      return m;
    }
    return fits.computeIfAbsent(tenant, t -> load(t).orElseGet(() -> fitAndSave(t)));
  }

  Optional<TenantFit> current(String tenant) {
    TenantFit m = fits.get(tenant);
    if (m != null) {
      return Optional.of(state.shared() ? refreshed(tenant, m) : m);
    }
    return load(tenant);
  }

  /**
   * As {@link #current}, for what each triage asks (incident detection's history span): a held fit
   * is checked against the shared store at most every {@link #SHARED_CHECK_INTERVAL}, as {@link
   * #get} does, instead of one read of the store per ticket.
   */
  Optional<TenantFit> recent(String tenant) {
    TenantFit m = fits.get(tenant);
    if (m == null) {
      return current(tenant);
    }
    return Optional.of(state.shared() && isDue(tenant) ? refreshed(tenant, m) : m);
  }

  private boolean isDue(String tenant) {
    long now = System.nanoTime();
    Long last = checkedAt.get(tenant);
    return last == null || now - last >= SHARED_CHECK_INTERVAL.toNanos();
  }

  /**
   * The stored fit when another replica has written a newer one since this one loaded or fitted its
   * own.
   */
  private TenantFit refreshed(String tenant, TenantFit held) {
    checkedAt.put(tenant, System.nanoTime());
    OptionalLong stored = state.version(tenant);
    if (stored.isEmpty() || stored.getAsLong() == versions.getOrDefault(tenant, 0L)) {
      return held;
    }
    return load(tenant)
        .map(
            m -> {
              fits.put(tenant, m);
              return m;
            })
        .orElse(held);
  }

  /** Refits at once, for example after an import. */
  public TenantFit refit(String tenant) {
    return refit(tenant, FitProgress.NONE);
  }

  /** Refits at once, telling {@code progress} how far the fit has come. */
  public TenantFit refit(String tenant, FitProgress progress) {
    TenantFit m = fitAndSave(tenant, progress);
    fits.put(tenant, m);
    return m;
  }

  /** Notes a write to the tenant under way, until {@link #written}: a due refit waits for it. */
  void writing(String tenant) {
    refits.writing(tenant);
  }

  /** Ends what {@link #writing} began, whether the write succeeded or not. */
  void written(String tenant) {
    refits.written(tenant);
  }

  /** Schedules a background refit when the history size has moved enough since the last fit. */
  void maybeRefresh(String tenant, long tickets) {
    refits.maybeRefit(tenant, tickets, fits.get(tenant));
  }

  void forget(String tenant) {
    refits.forget(tenant);
    fits.remove(tenant);
    versions.remove(tenant);
    try {
      state.delete(tenant);
    } catch (StateException e) {
      log.warn("cannot delete the fit of tenant {}", tenant, e);
    }
  }

  /**
   * How fits are written and read. A setting added since a fit was stored (a primitive such as
   * {@link FieldFit#priorTilt}) reads as its zero, the value that reproduces the older behaviour,
   * so a stored fit stays usable after an upgrade instead of being refitted on the first triage.
   */
  static JsonMapper fitJson() {
    return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
  }

  private TenantFit fitAndSave(String tenant) {
    return fitAndSave(tenant, FitProgress.NONE);
  }

  private TenantFit fitAndSave(String tenant, FitProgress progress) {
    long start = System.nanoTime();
    TenantFit m = fitter.fit(tenant, progress);
    long end = System.nanoTime();
    refits.fitted(tenant, start, end);
    // With what the backtest decided per field, so that an admin (or a data team) can see why a
    // field answers or abstains without reading /stats.
    StringBuilder fields = new StringBuilder();
    m.fields()
        .forEach(
            (field, f) ->
                fields.append(
                    String.format(
                        Locale.ROOT,
                        "; %s: %d replayed, %.3f right, answers %.3f at precision %.3f (bound %.3f),"
                            + " lexical head %s, tilt %s",
                        field,
                        f.backtest().samples(),
                        f.backtest().accuracy(),
                        f.backtest().coverage(),
                        f.backtest().precision(),
                        f.backtest().precisionLowerBound(),
                        f.lexical() != null ? "on" : "off",
                        f.priorTilt())));
    log.info(
        "fitted tenant {} on {} tickets in {} ms{}",
        tenant,
        m.tickets(),
        (end - start) / 1_000_000,
        fields);
    save(m);
    return m;
  }

  private Optional<TenantFit> load(String tenant) {
    Optional<StateStore.Versioned> stored;
    try {
      stored = state.read(tenant);
    } catch (StateException e) {
      log.warn("cannot read the fit of tenant {}", tenant, e);
      return Optional.empty();
    }
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    try {
      TenantFit m = json.readValue(stored.get().content(), TenantFit.class);
      versions.put(tenant, stored.get().version());
      checkedAt.put(tenant, System.nanoTime());
      return Optional.of(m);
    } catch (RuntimeException e) {
      log.warn("ignoring the unreadable fit of tenant {}", tenant, e);
      return Optional.empty();
    }
  }

  private void save(TenantFit m) {
    try {
      versions.put(m.tenant(), state.write(m.tenant(), json.writeValueAsBytes(m)));
      checkedAt.put(m.tenant(), System.nanoTime());
    } catch (StateException e) {
      log.warn("cannot save the fit of tenant {}", m.tenant(), e);
    }
  }

  @Override
  public void close() {
    refits.close();
  }
}
