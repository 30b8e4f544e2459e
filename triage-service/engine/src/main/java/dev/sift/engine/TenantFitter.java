package dev.sift.engine;

import dev.sift.data.LabelField;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fits a {@link TenantFit} by a backtest over the tenant's own history: each sampled ticket is
 * triaged against the rest, exactly as a new ticket would be, by the fit that serves (the same
 * votes, the same head blend). The sample is split into folds, and each fold's tickets are kept out
 * of the heads (embedding and lexical) that judge them (cross-fitting, {@link CrossFit}, {@link
 * SampleBacktest}), so calibration and thresholds rest on out-of-fold predictions at every history
 * size: at 20 tickets as at 200,000. The heads that serve are trained on everything. Below {@link
 * EngineSettings#minCalibrationTickets()} there is no backtest; confidences come from a prior that
 * knows how few tickets there are, and the fields abstain.
 */
final class TenantFitter {

  /**
   * Tickets the linear heads learn from at most; beyond this, more history changes little but costs
   * time.
   */
  static final int MAX_HEAD_EXAMPLES = 20_000;

  private final TicketStore store;
  private final NeighbourSearch search;
  private final EngineSettings settings;
  private final Clock clock;

  TenantFitter(TicketStore store, NeighbourSearch search, EngineSettings settings, Clock clock) {
    this.store = store;
    this.search = search;
    this.settings = settings;
    this.clock = clock;
  }

  TenantFit fit(String tenant) {
    return fit(tenant, FitProgress.NONE);
  }

  TenantFit fit(String tenant, FitProgress progress) {
    HistoryScan scan =
        HistoryScan.read(store, tenant, settings.calibrationSample(), MAX_HEAD_EXAMPLES, progress);
    Map<String, FieldFit> fields = new LinkedHashMap<>();
    boolean calibrate = scan.total >= settings.minCalibrationTickets();
    // Without a label or a resolution time there is nothing to backtest, and no need to search the
    // sample's neighbours.
    boolean anythingToJudge =
        scan.labels.values().stream().anyMatch(counts -> !counts.isEmpty())
            || scan.tickets.stream().anyMatch(t -> t.resolvedAt() != null);
    List<Set<String>> folds =
        calibrate ? SampleBacktest.folds(scan.sample, scan.pool.size()) : List.of();
    Map<String, List<Neighbour>> sampleNeighbours =
        calibrate && anythingToJudge ? neighboursOfSample(tenant, scan.sample, progress) : Map.of();
    boolean lexical = settings.lexicalHeadWeight() > 0;
    boolean linear = settings.linearWeight() > 0;
    Map<String, LexicalFeatures.Doc> docs = lexical ? features(scan) : Map.of();
    SampleBacktest backtest =
        new SampleBacktest(scan.sample, folds.size(), sampleNeighbours, docs, settings);
    long labelledFields = scan.labels.values().stream().filter(c -> !c.isEmpty()).count();
    // Per field: each head trained (the serving one and one per fold), then the replay of the
    // sample.
    long headsPerField = ((linear ? 1 : 0) + (lexical ? 1 : 0)) * (folds.size() + 1L);
    Tally fieldWork =
        new Tally(progress, FitProgress.Step.FITTING_FIELDS, labelledFields * (headsPerField + 1));
    for (LabelField f : LabelField.values()) {
      Map<String, Long> counts = scan.labels.get(f);
      if (counts.isEmpty()) {
        continue;
      }
      CrossFit<LinearHead> heads =
          CrossFit.of(
              linear
                  ? fieldWork.counting(exclude -> HeadTrainer.train(scan.pool, f, exclude))
                  : null,
              folds);
      CrossFit<LexicalHead> lexicalHeads =
          CrossFit.of(
              lexical
                  ? fieldWork.counting(
                      exclude ->
                          HeadTrainer.trainLexical(scan.pool, f, exclude, e -> docs.get(e.id())))
                  : null,
              folds);
      if (!calibrate) {
        fields.put(
            f.jsonName(),
            new FieldFit(
                counts,
                null,
                Thresholds.NEVER,
                FieldFit.BacktestSummary.NONE,
                heads.serving(),
                lexicalHeads.serving(),
                0));
        fieldWork.add(1);
        continue;
      }
      SampleBacktest.FieldBacktest judged = backtest.field(f, counts, heads, lexicalHeads);
      fields.put(
          f.jsonName(),
          fitField(
              counts,
              judged.outcomes(),
              heads.serving(),
              judged.lexicalHeads().serving(),
              judged.tilt()));
      fieldWork.add(1);
    }
    progress.report(FitProgress.Step.FITTING_ETA, 0, 1);
    EtaFit eta = new EtaFitter(settings).fit(tenant, scan.tickets, sampleNeighbours);
    progress.report(FitProgress.Step.FITTING_ETA, 1, 1);
    return new TenantFit(
        tenant,
        store.modelId(),
        settings.retrieval().jsonName(),
        scan.total,
        clock.instant(),
        fields,
        eta,
        scan.firstCreated,
        scan.lastCreated);
  }

  /**
   * Counts the units of one step done, from any thread, and reports each new count in order (a
   * report from a slow thread never undoes a later one). A step with no unit reports nothing.
   */
  private static final class Tally {
    private final FitProgress progress;
    private final FitProgress.Step step;
    private final long total;
    private long done;

    Tally(FitProgress progress, FitProgress.Step step, long total) {
      this.progress = progress;
      this.step = step;
      this.total = total;
      if (total > 0) {
        progress.report(step, 0, total);
      }
    }

    synchronized void add(long units) {
      done += units;
      progress.report(step, done, total);
    }

    <A, R> java.util.function.Function<A, R> counting(java.util.function.Function<A, R> work) {
      return a -> {
        R r = work.apply(a);
        add(1);
        return r;
      };
    }
  }

  /**
   * The lexical features of every ticket the heads learn from or the backtest replays, extracted
   * once.
   */
  private static Map<String, LexicalFeatures.Doc> features(HistoryScan scan) {
    Map<String, LexicalFeatures.Doc> docs = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.stream.Stream.concat(scan.pool.stream(), scan.sample.stream())
        .parallel()
        .forEach(
            e ->
                docs.computeIfAbsent(
                    e.id(), id -> LexicalFeatures.extract(e.text(), e.requester())));
    return docs;
  }

  private FieldFit fitField(
      Map<String, Long> counts,
      List<double[]> outcomes,
      LinearHead head,
      LexicalHead lexical,
      double tilt) {
    int n = outcomes.size();
    if (n == 0) {
      return new FieldFit(
          counts, null, Thresholds.NEVER, FieldFit.BacktestSummary.NONE, head, lexical, 0);
    }
    double[] shares = new double[n];
    boolean[] correct = new boolean[n];
    int right = 0;
    for (int i = 0; i < n; i++) {
      shares[i] = outcomes.get(i)[0];
      correct[i] = outcomes.get(i)[1] > 0;
      right += correct[i] ? 1 : 0;
    }
    IsotonicCalibrator calibrator = IsotonicCalibrator.fitChosen(shares, correct);
    double[] confidence = new double[n];
    for (int i = 0; i < n; i++) {
      confidence[i] = calibrator.apply(shares[i]);
    }
    Thresholds.Threshold t =
        Thresholds.lowest(
            confidence,
            correct,
            settings.targetPrecision(),
            Thresholds.zOf(settings.precisionConfidence()));
    return new FieldFit(
        counts,
        calibrator,
        t.value(),
        new FieldFit.BacktestSummary(
            n, right / (double) n, t.coverage(), t.precision(), t.precisionLowerBound()),
        head,
        lexical,
        tilt);
  }

  /** Each sampled ticket's neighbours among the rest, found once and shared by every field. */
  private Map<String, List<Neighbour>> neighboursOfSample(
      String tenant, List<HeadTrainer.Example> sample, FitProgress progress) {
    Map<String, List<Neighbour>> out = new java.util.concurrent.ConcurrentHashMap<>();
    Tally searched = new Tally(progress, FitProgress.Step.FINDING_NEIGHBOURS, sample.size());
    sample.parallelStream()
        .forEach(
            s -> {
              out.put(
                  s.id(),
                  search.find(
                      tenant,
                      s.vector(),
                      s.text(),
                      settings.k(),
                      settings.retrieval(),
                      Set.of(s.id())));
              searched.add(1);
            });
    return out;
  }
}
