package dev.sift.engine.coldstart;

import dev.sift.data.LabelField;
import dev.sift.engine.TicketStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants' cold fits (zero-shot prototypes and their calibration), built off the request path: a
 * triage takes whatever fit is ready and at most asks for a rebuild, which runs on a small pool of
 * its own, one build per tenant at a time. Embedding a large taxonomy therefore delays only that
 * tenant's cold-start answers, never another tenant's triage.
 */
final class ColdFits implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ColdFits.class);

  /** Threads building fits: one busy with a large taxonomy leaves the other for everyone else. */
  static final int BUILD_THREADS = 2;

  /** Rebuild once history has moved by this many tickets... */
  private static final long REBUILD_TICKETS = 20;

  /** ...or by this fraction, whichever is larger; live feedback recalibrates on the same rule. */
  private static final double REBUILD_GROWTH = 0.10;

  private static final long SAMPLE_SEED = 42;

  /**
   * One field's cold fit: prototypes with their fit, the leave-one-out outcomes of the history, and
   * the calibration fitted on those and on live feedback.
   */
  record FieldColdFit(
      Prototypes prototypes,
      List<ColdCalibration.Outcome> history,
      ColdCalibration calibration,
      double historyAccuracy) {

    /**
     * @param history its accuracy is counted once here: every triage of the tenant compares it with
     *     the neighbours', and counting thousands of outcomes per field each time was 7% of a
     *     triage's CPU on an 8,500-ticket tenant
     */
    FieldColdFit(
        Prototypes prototypes, List<ColdCalibration.Outcome> history, ColdCalibration calibration) {
      this(prototypes, history, calibration, accuracy(history));
    }

    /** The history backtest's accuracy, 0 without history. */
    private static double accuracy(List<ColdCalibration.Outcome> history) {
      return history.isEmpty()
          ? 0
          : history.stream().filter(ColdCalibration.Outcome::right).count()
              / (double) history.size();
    }
  }

  /**
   * @param key what the fit was built from: taxonomy version and embedding model
   * @param explicit whether the taxonomy was put (else derived from the history's labels)
   * @param liveOutcomes the prediction log's outcome count when live feedback was last taken in
   */
  record TenantColdFit(
      String key,
      boolean explicit,
      Taxonomy taxonomy,
      long tickets,
      long liveOutcomes,
      Map<String, FieldColdFit> fields) {}

  /** What a fit should be built from now. */
  record Wanted(String key, boolean explicit, Taxonomy taxonomy, long tickets, long liveOutcomes) {}

  /** Live outcomes of a field's cold-start method, oldest first. */
  interface LiveFeedback {
    List<PredictionLog.Scored> of(String tenant, String field);
  }

  private final TicketStore store;
  private final ColdStart.Settings settings;
  private final LiveFeedback live;
  private final ConcurrentHashMap<String, TenantColdFit> fits = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<TenantColdFit>> building =
      new ConcurrentHashMap<>();
  private final ExecutorService builders =
      Executors.newFixedThreadPool(
          BUILD_THREADS, Thread.ofPlatform().daemon().name("sift-cold-start-build-", 0).factory());

  ColdFits(TicketStore store, ColdStart.Settings settings, LiveFeedback live) {
    this.store = store;
    this.settings = settings;
    this.live = live;
  }

  /**
   * The fit to answer with now, never waiting for a build: the current one, or while a rebuild runs
   * the previous one, unless the explicit taxonomy changed (its labels may be gone); null when
   * there is none to use yet.
   */
  TenantColdFit current(String tenant, Wanted wanted) {
    TenantColdFit fit = fits.get(tenant);
    if (fit == null || !fresh(fit, wanted)) {
      prepare(tenant, wanted);
    }
    if (fit == null) {
      return null;
    }
    boolean sameTaxonomy = fit.key().equals(wanted.key()) || !fit.explicit() && !wanted.explicit();
    return sameTaxonomy ? fit : null;
  }

  /**
   * Starts a build when the tenant's fit is missing or stale; the future completes with a fit built
   * for {@code wanted} (or fresher).
   */
  CompletableFuture<TenantColdFit> prepare(String tenant, Wanted wanted) {
    TenantColdFit fit = fits.get(tenant);
    if (fit != null && fresh(fit, wanted)) {
      return CompletableFuture.completedFuture(fit);
    }
    // One build per tenant at a time; what a running build misses, the next triage asks for again.
    List<CompletableFuture<TenantColdFit>> started = new ArrayList<>(1);
    // A finished build may still be in the map for a moment: it counts as absent.
    CompletableFuture<TenantColdFit> f =
        building.compute(
            tenant,
            (t, running) -> {
              if (running != null && !running.isDone()) {
                return running;
              }
              CompletableFuture<TenantColdFit> task =
                  CompletableFuture.supplyAsync(
                      () -> {
                        TenantColdFit built =
                            fit != null
                                    && fit.key().equals(wanted.key())
                                    && fit.tickets() == wanted.tickets()
                                ? recalibrate(tenant, fit, wanted.liveOutcomes())
                                : build(tenant, wanted);
                        fits.put(tenant, built);
                        return built;
                      },
                      builders);
              started.add(task);
              return task;
            });
    if (started.isEmpty()) {
      // A build started earlier may be for what was wanted then: once it is done, ask again for
      // what is wanted now.
      return f.thenCompose(built -> prepare(tenant, wanted));
    }
    // Attached after the future is in the map, so that a build finishing at once still leaves it.
    f.whenComplete(
        (built, e) -> {
          building.remove(tenant, f);
          if (e != null) {
            log.warn("cannot build the cold fit of tenant {}", tenant, e);
          }
        });
    return f;
  }

  boolean building(String tenant) {
    CompletableFuture<TenantColdFit> f = building.get(tenant);
    return f != null && !f.isDone();
  }

  void forget(String tenant) {
    fits.remove(tenant);
  }

  private static boolean fresh(TenantColdFit fit, Wanted w) {
    return fit.key().equals(w.key())
        && !moved(fit.tickets(), w.tickets())
        && !moved(fit.liveOutcomes(), w.liveOutcomes());
  }

  private static boolean moved(long then, long now) {
    return Math.abs(now - then) >= Math.max(REBUILD_TICKETS, REBUILD_GROWTH * then);
  }

  private record Sampled(float[] vector, Map<String, Integer> labels) {}

  /**
   * Embeds the taxonomy, adds the tenant's labelled history to the centroids and counts, fits each
   * field by leave-one-out over the examples and a sample of the history, and calibrates it with
   * live feedback as well.
   */
  TenantColdFit build(String tenant, Wanted wanted) {
    Taxonomy taxonomy = wanted.taxonomy();
    // The tenant's own model, which its stored vectors come from (it differs from the configured
    // one until a re-embed after a model change).
    Map<String, Prototypes> protos =
        new ZeroShotClassifier(store.embedderFor(tenant)).prototypes(taxonomy);
    List<Sampled> sample = new ArrayList<>();
    if (wanted.tickets() > 0) {
      Random random = new Random(SAMPLE_SEED);
      long[] seen = {0};
      store.forEach(
          tenant,
          (ticket, vector, text) -> {
            Map<String, Integer> labels = new LinkedHashMap<>();
            protos.forEach(
                (field, p) -> {
                  String label =
                      LabelField.fromJsonName(field)
                          .map(ticket::label)
                          .map(v -> taxonomy.match(field, v))
                          .orElse(null);
                  if (label != null && p.add(label, vector)) {
                    labels.put(field, p.labels().indexOf(label));
                  }
                });
            if (labels.isEmpty()) {
              return;
            }
            seen[0]++;
            Sampled s = new Sampled(vector, labels);
            if (sample.size() < settings.backtestSample()) {
              sample.add(s);
            } else {
              long j = random.nextLong(seen[0]);
              if (j < settings.backtestSample()) {
                sample.set((int) j, s);
              }
            }
          });
    }
    Map<String, FieldColdFit> fields = new LinkedHashMap<>();
    protos.forEach(
        (field, p) -> {
          List<ZeroShotFit.Evidence> evidence = new ArrayList<>(p.examples);
          for (Sampled s : sample) {
            Integer label = s.labels().get(field);
            if (label != null) {
              evidence.add(new ZeroShotFit.Evidence(s.vector(), label, true));
            }
          }
          List<ColdCalibration.Outcome> outcomes =
              ZeroShotFit.fit(p, evidence).stream()
                  .map(o -> new ColdCalibration.Outcome(o[0], o[1] > 0))
                  .toList();
          int examples = p.examples.size();
          // The examples' outcomes have done their part in fitting the temperature; only real
          // tickets calibrate.
          fields.put(
              field,
              withLive(
                  tenant,
                  field,
                  taxonomy,
                  new FieldColdFit(p, outcomes.subList(examples, outcomes.size()), null)));
        });
    return new TenantColdFit(
        wanted.key(), wanted.explicit(), taxonomy, wanted.tickets(), wanted.liveOutcomes(), fields);
  }

  /** The same prototypes, recalibrated with the live feedback that arrived since. */
  private TenantColdFit recalibrate(String tenant, TenantColdFit fit, long liveOutcomes) {
    Map<String, FieldColdFit> fields = new LinkedHashMap<>();
    fit.fields()
        .forEach((field, fc) -> fields.put(field, withLive(tenant, field, fit.taxonomy(), fc)));
    return new TenantColdFit(
        fit.key(), fit.explicit(), fit.taxonomy(), fit.tickets(), liveOutcomes, fields);
  }

  /**
   * Fits the calibration on history and live outcomes; where live feedback has labelled more
   * tickets than the history, its label counts become the prior.
   */
  private FieldColdFit withLive(String tenant, String field, Taxonomy taxonomy, FieldColdFit fc) {
    List<PredictionLog.Scored> scored = live.of(tenant, field);
    List<ColdCalibration.Outcome> real = new ArrayList<>(fc.history());
    scored.forEach(s -> real.add(new ColdCalibration.Outcome(s.score(), s.right())));
    Prototypes p = fc.prototypes();
    double[] counts = new double[p.labels().size()];
    int counted = 0;
    for (PredictionLog.Scored s : scored) {
      String label = taxonomy.match(field, s.label());
      int i = label == null ? -1 : p.labels().indexOf(label);
      if (i >= 0) {
        counts[i]++;
        counted++;
      }
    }
    double history = java.util.Arrays.stream(p.labelCounts()).sum();
    if (counted > history) {
      p = p.withLabelCounts(counts);
    }
    return new FieldColdFit(
        p,
        fc.history(),
        ColdCalibration.fit(real, settings.minCalibrationTickets(), settings.targetPrecision()));
  }

  @Override
  public void close() {
    builders.shutdownNow();
  }
}
