package dev.sift.engine;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Fits a {@link TenantModel} by a backtest over the tenant's own history: a random sample of stored tickets is
 * held out and triaged against the rest, exactly as a new ticket would be. The held-out tickets are also kept out of
 * the linear heads used in that backtest; the heads that serve are then trained on everything.
 */
final class TenantModelFitter {

  /** Fixed, so that refitting unchanged history gives the same model. */
  private static final long SAMPLE_SEED = 42;
  /** Tickets the linear heads learn from at most; beyond this, more history changes little but costs time. */
  static final int MAX_HEAD_EXAMPLES = 20_000;
  /** Confidence that no vote can reach: the field always abstains. */
  static final double NEVER = Thresholds.NEVER;

  private final TicketStore store;
  private final NeighbourSearch search;
  private final EngineSettings settings;
  private final Clock clock;

  TenantModelFitter(TicketStore store, NeighbourSearch search, EngineSettings settings, Clock clock) {
    this.store = store;
    this.search = search;
    this.settings = settings;
    this.clock = clock;
  }

  TenantModel fit(String tenant) {
    Scan scan = scan(tenant);
    Map<String, FieldModel> fields = new LinkedHashMap<>();
    boolean calibrate = scan.total >= settings.minCalibrationTickets();
    Set<String> heldOut = new HashSet<>();
    scan.sample.forEach(s -> heldOut.add(s.id()));
    Map<String, List<Neighbour>> sampleNeighbours = calibrate ? neighboursOfSample(tenant, scan.sample) : Map.of();
    for (LabelField f : LabelField.values()) {
      Map<String, Long> counts = scan.labels.get(f);
      if (counts.isEmpty()) {
        continue;
      }
      boolean useHead = settings.linearWeight() > 0;
      LinearHead backtestHead = useHead && calibrate ? HeadTrainer.train(scan.pool, f, heldOut) : null;
      LinearHead head = useHead ? HeadTrainer.train(scan.pool, f, Set.of()) : null;
      if (!calibrate) {
        fields.put(f.jsonName(), new FieldModel(counts, IsotonicCalibrator.identity(), settings.targetPrecision(),
            new FieldModel.BacktestSummary(0, 0, 0, 0), head));
        continue;
      }
      fields.put(f.jsonName(), fitField(counts, replay(scan.sample, sampleNeighbours, f, backtestHead), head));
    }
    return new TenantModel(tenant, store.modelId(), settings.retrieval().jsonName(), scan.total, clock.instant(),
        fields, new EtaFitter(settings).fit(tenant, scan.tickets, sampleNeighbours), scan.firstCreated,
        scan.lastCreated);
  }

  private FieldModel fitField(Map<String, Long> counts, List<double[]> outcomes, LinearHead head) {
    int n = outcomes.size();
    if (n == 0) {
      return new FieldModel(counts, IsotonicCalibrator.identity(), settings.targetPrecision(),
          new FieldModel.BacktestSummary(0, 0, 0, 0), head);
    }
    double[] shares = new double[n];
    boolean[] correct = new boolean[n];
    int right = 0;
    for (int i = 0; i < n; i++) {
      shares[i] = outcomes.get(i)[0];
      correct[i] = outcomes.get(i)[1] > 0;
      right += correct[i] ? 1 : 0;
    }
    IsotonicCalibrator calibrator = IsotonicCalibrator.fit(shares, correct);
    double[] confidence = new double[n];
    for (int i = 0; i < n; i++) {
      confidence[i] = calibrator.apply(shares[i]);
    }
    Thresholds.Threshold t = lowestThreshold(confidence, correct, settings.targetPrecision());
    return new FieldModel(counts, calibrator, t.value(),
        new FieldModel.BacktestSummary(n, right / (double) n, t.coverage(), t.precision()), head);
  }

  /** The lowest confidence at which the answered tickets reach the target precision. */
  static Thresholds.Threshold lowestThreshold(double[] confidence, boolean[] correct, double target) {
    return Thresholds.lowest(confidence, correct, target);
  }

  /** Each sampled ticket triaged against the rest: {winning share, 1 if right else 0}. */
  private List<double[]> replay(List<HeadTrainer.Example> sample, Map<String, List<Neighbour>> sampleNeighbours,
      LabelField field, LinearHead head) {
    List<double[]> outcomes = new ArrayList<>();
    for (HeadTrainer.Example s : sample) {
      String truth = s.labels().get(field);
      if (truth == null) {
        continue;
      }
      List<Neighbour> neighbours = sampleNeighbours.get(s.id());
      List<Votes.Share> shares = Votes.blend(
          Votes.tally(neighbours, Votes.weights(neighbours, settings.voteTemperature()), field), head, s.vector(),
          settings.linearWeight());
      if (shares.isEmpty()) {
        continue;
      }
      Votes.Share top = shares.getFirst();
      outcomes.add(new double[] {top.share(), top.value().equals(truth) ? 1 : 0});
    }
    return outcomes;
  }

  /** Each sampled ticket's neighbours among the rest, found once and shared by every field. */
  private Map<String, List<Neighbour>> neighboursOfSample(String tenant, List<HeadTrainer.Example> sample) {
    Map<String, List<Neighbour>> out = new java.util.concurrent.ConcurrentHashMap<>();
    sample.parallelStream().forEach(s -> out.put(s.id(),
        search.find(tenant, s.vector(), s.text(), settings.k(), settings.retrieval(), Set.of(s.id()))));
    return out;
  }

  private static final class Scan {
    long total;
    final List<HeadTrainer.Example> sample = new ArrayList<>();
    final List<HeadTrainer.Example> pool = new ArrayList<>();
    final List<Ticket> tickets = new ArrayList<>();
    final Map<LabelField, Map<String, Long>> labels = new EnumMap<>(LabelField.class);
    java.time.Instant firstCreated;
    java.time.Instant lastCreated;
  }

  /**
   * One pass over the history: label counts, resolution times, a reservoir sample for the backtest and a larger one
   * for the linear heads.
   */
  private Scan scan(String tenant) {
    Scan scan = new Scan();
    for (LabelField f : LabelField.values()) {
      scan.labels.put(f, new HashMap<>());
    }
    Random sampleRandom = new Random(SAMPLE_SEED);
    Random poolRandom = new Random(SAMPLE_SEED + 1);
    store.forEach(tenant, (ticket, vector, text) -> {
      scan.total++;
      Map<LabelField, String> labels = new EnumMap<>(LabelField.class);
      for (LabelField f : LabelField.values()) {
        String v = ticket.label(f);
        if (v != null) {
          scan.labels.get(f).merge(v, 1L, Long::sum);
          labels.put(f, v);
        }
      }
      scan.tickets.add(slim(ticket));
      if (ticket.createdAt() != null) {
        if (scan.firstCreated == null || ticket.createdAt().isBefore(scan.firstCreated)) {
          scan.firstCreated = ticket.createdAt();
        }
        if (scan.lastCreated == null || ticket.createdAt().isAfter(scan.lastCreated)) {
          scan.lastCreated = ticket.createdAt();
        }
      }
      HeadTrainer.Example e = new HeadTrainer.Example(ticket.id(), vector, text, labels);
      reservoir(scan.sample, settings.calibrationSample(), e, scan.total, sampleRandom);
      reservoir(scan.pool, MAX_HEAD_EXAMPLES, e, scan.total, poolRandom);
    });
    return scan;
  }

  private static void reservoir(List<HeadTrainer.Example> r, int size, HeadTrainer.Example e, long seen,
      Random random) {
    if (r.size() < size) {
      r.add(e);
    } else {
      long j = random.nextLong(seen);
      if (j < size) {
        r.set((int) j, e);
      }
    }
  }

  /** Only what the ETA fit needs, so that a large history does not keep its text in memory. */
  private static Ticket slim(Ticket t) {
    return new Ticket(t.id(), "-", null, t.category(), null, t.priority(), t.assignmentGroup(), null, null, null,
        t.createdAt(), t.resolvedAt(), null);
  }
}
