package dev.sift.engine;

import dev.sift.data.LabelField;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fits a {@link TenantModel} by a backtest over the tenant's own history: each sampled ticket is
 * triaged against the rest, exactly as a new ticket would be, by the model that serves (the same
 * votes, the same head blend). The sample is split into folds, and each fold's tickets are kept out
 * of the heads (embedding and lexical) that judge them (cross-fitting, {@link CrossFit}), so
 * calibration and thresholds rest on out-of-fold predictions at every history size: at 20 tickets
 * as at 200,000. The heads that serve are trained on everything. Below {@link
 * EngineSettings#minCalibrationTickets()} there is no backtest; confidences come from a prior that
 * knows how few tickets there are, and the fields abstain.
 */
final class TenantModelFitter {

  /**
   * Tickets the linear heads learn from at most; beyond this, more history changes little but costs
   * time.
   */
  static final int MAX_HEAD_EXAMPLES = 20_000;

  /**
   * Largest share of the head's examples one fold may hold out, so that every backtest head learns
   * from at least 80% of what the serving head learns from: the folds' predictions are then those
   * of (nearly) the same model.
   */
  static final double MAX_HELD_OUT_SHARE = 0.2;

  /**
   * Exponents of the label base rates tried on each field beside none ({@link Votes#tilt}): half,
   * the full prior (Bayes' rule if the shares were likelihoods), and twice it, where upsets of the
   * dominant value are mostly wrong.
   */
  static final double[] PRIOR_TILTS = {0.5, 1, 2};

  private final TicketStore store;
  private final NeighbourSearch search;
  private final EngineSettings settings;
  private final Clock clock;

  TenantModelFitter(
      TicketStore store, NeighbourSearch search, EngineSettings settings, Clock clock) {
    this.store = store;
    this.search = search;
    this.settings = settings;
    this.clock = clock;
  }

  TenantModel fit(String tenant) {
    return fit(tenant, FitProgress.NONE);
  }

  TenantModel fit(String tenant, FitProgress progress) {
    HistoryScan scan =
        HistoryScan.read(store, tenant, settings.calibrationSample(), MAX_HEAD_EXAMPLES, progress);
    Map<String, FieldModel> fields = new LinkedHashMap<>();
    boolean calibrate = scan.total >= settings.minCalibrationTickets();
    // Without a label or a resolution time there is nothing to backtest, and no need to search the
    // sample's neighbours.
    boolean anythingToJudge =
        scan.labels.values().stream().anyMatch(counts -> !counts.isEmpty())
            || scan.tickets.stream().anyMatch(t -> t.resolvedAt() != null);
    List<Set<String>> folds = calibrate ? folds(scan.sample, scan.pool.size()) : List.of();
    Map<String, List<Neighbour>> sampleNeighbours =
        calibrate && anythingToJudge ? neighboursOfSample(tenant, scan.sample, progress) : Map.of();
    boolean lexical = settings.lexicalHeadWeight() > 0;
    boolean linear = settings.linearWeight() > 0;
    Map<String, LexicalFeatures.Doc> docs = lexical ? features(scan) : Map.of();
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
            new FieldModel(
                counts,
                null,
                Thresholds.NEVER,
                FieldModel.BacktestSummary.NONE,
                heads.serving(),
                lexicalHeads.serving(),
                0));
        fieldWork.add(1);
        continue;
      }
      List<Blended> replayed =
          replay(scan.sample, folds.size(), sampleNeighbours, f, heads, lexicalHeads, docs);
      List<double[]> outcomes = outcomes(replayed, counts, 0);
      if (lexicalHeads.serving() != null) {
        // Where the words say nothing the neighbours and the embedding do not (priority on a bug
        // tracker), the
        // lexical head only adds noise: it goes where its out-of-fold predictions are clearly worse
        // than without.
        List<Blended> withoutLexical =
            replay(scan.sample, folds.size(), sampleNeighbours, f, heads, CrossFit.none(), docs);
        List<double[]> without = outcomes(withoutLexical, counts, 0);
        if (McNemar.clearlyBetter(without, outcomes)) {
          replayed = withoutLexical;
          outcomes = without;
          lexicalHeads = CrossFit.none();
        }
      }
      // The tilt towards the base rates that gets the most out-of-fold tickets right, kept only
      // where it clearly
      // beats none: on most desks the votes' upsets of the commonest value are right, and none is
      // kept.
      double tilt = 0;
      List<double[]> best = outcomes;
      for (double alpha : PRIOR_TILTS) {
        List<double[]> tilted = outcomes(replayed, counts, alpha);
        if (rightCount(tilted) > rightCount(best)) {
          best = tilted;
          tilt = alpha;
        }
      }
      // McNemar's comparison with its continuity correction: a lead of one or two tickets is no
      // evidence.
      if (tilt > 0 && McNemar.clearlyBetter(best, outcomes, 1, 1)) {
        outcomes = best;
      } else {
        tilt = 0;
      }
      fields.put(
          f.jsonName(), fitField(counts, outcomes, heads.serving(), lexicalHeads.serving(), tilt));
      fieldWork.add(1);
    }
    progress.report(FitProgress.Step.FITTING_ETA, 0, 1);
    EtaModel eta = new EtaFitter(settings).fit(tenant, scan.tickets, sampleNeighbours);
    progress.report(FitProgress.Step.FITTING_ETA, 1, 1);
    return new TenantModel(
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

  private static int rightCount(List<double[]> outcomes) {
    int right = 0;
    for (double[] o : outcomes) {
      right += o[1] > 0 ? 1 : 0;
    }
    return right;
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

  /**
   * The sample split into folds (round robin over the random sample), as few as keep each under
   * {@link #MAX_HELD_OUT_SHARE} of the heads' examples: one where the history dwarfs the sample,
   * five where the sample is the whole history.
   */
  static List<Set<String>> folds(List<HeadTrainer.Example> sample, int headExamples) {
    int k =
        (int)
            Math.max(
                1, Math.ceil(sample.size() / (MAX_HELD_OUT_SHARE * Math.max(1, headExamples))));
    List<Set<String>> folds = new ArrayList<>(k);
    for (int j = 0; j < k; j++) {
      folds.add(new HashSet<>());
    }
    for (int i = 0; i < sample.size(); i++) {
      folds.get(i % k).add(sample.get(i).id());
    }
    return folds;
  }

  private FieldModel fitField(
      Map<String, Long> counts,
      List<double[]> outcomes,
      LinearHead head,
      LexicalHead lexical,
      double tilt) {
    int n = outcomes.size();
    if (n == 0) {
      return new FieldModel(
          counts, null, Thresholds.NEVER, FieldModel.BacktestSummary.NONE, head, lexical, 0);
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
    return new FieldModel(
        counts,
        calibrator,
        t.value(),
        new FieldModel.BacktestSummary(
            n, right / (double) n, t.coverage(), t.precision(), t.precisionLowerBound()),
        head,
        lexical,
        tilt);
  }

  /**
   * One replayed sample ticket: its index in the sample, its true value and the blended shares it
   * got.
   */
  private record Blended(int index, String truth, List<Votes.Share> shares) {}

  /**
   * Each sampled ticket triaged against the rest, by its fold's heads: the blended shares, before
   * any tilt. Sample ticket {@code i} is in fold {@code i % folds} ({@link #folds}). Computed once
   * per choice of heads, and scored at every tilt by {@link #outcomes}.
   */
  private List<Blended> replay(
      List<HeadTrainer.Example> sample,
      int folds,
      Map<String, List<Neighbour>> sampleNeighbours,
      LabelField field,
      CrossFit<LinearHead> heads,
      CrossFit<LexicalHead> lexicalHeads,
      Map<String, LexicalFeatures.Doc> docs) {
    List<Blended> replayed = new ArrayList<>();
    for (int i = 0; i < sample.size(); i++) {
      HeadTrainer.Example s = sample.get(i);
      String truth = s.labels().get(field);
      if (truth == null) {
        continue;
      }
      int fold = i % folds;
      List<Neighbour> neighbours = sampleNeighbours.get(s.id());
      List<Votes.Share> shares =
          Votes.blend(
              Votes.tally(neighbours, Votes.weights(neighbours, settings.voteTemperature()), field),
              heads.forFold(fold),
              s.vector(),
              settings.linearWeight(),
              lexicalHeads.forFold(fold),
              docs.get(s.id()),
              settings.lexicalHeadWeight());
      if (!shares.isEmpty()) {
        replayed.add(new Blended(i, truth, shares));
      }
    }
    return replayed;
  }

  /**
   * The replayed tickets' shares tilted by {@code tilt}: {winning share, 1 if right else 0, i}
   * each.
   */
  private static List<double[]> outcomes(
      List<Blended> replayed, Map<String, Long> counts, double tilt) {
    List<double[]> outcomes = new ArrayList<>(replayed.size());
    for (Blended b : replayed) {
      Votes.Share top = Votes.tilt(b.shares(), counts, tilt).getFirst();
      outcomes.add(new double[] {top.share(), top.value().equals(b.truth()) ? 1 : 0, b.index()});
    }
    return outcomes;
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
