package dev.sift.engine;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Fits a {@link TenantModel} by a backtest over the tenant's own history: a random sample of stored tickets is
 * held out one at a time and triaged against the rest, exactly as a new ticket would be.
 */
final class TenantModelFitter {

  /** Fixed, so that refitting unchanged history gives the same model. */
  private static final long SAMPLE_SEED = 42;
  /** A threshold must rest on at least this many answered backtest tickets. */
  private static final int MIN_ANSWERED = 10;
  /** Confidence that no vote can reach: the field always abstains. */
  static final double NEVER = 1.01;

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
    Map<LabelField, List<double[]>> outcomes = calibrate ? replay(tenant, scan.sample) : Map.of();
    for (LabelField f : LabelField.values()) {
      Map<String, Long> counts = scan.labels.get(f);
      if (counts.isEmpty()) {
        continue;
      }
      fields.put(f.jsonName(), calibrate ? fitField(counts, outcomes.getOrDefault(f, List.of()))
          : new FieldModel(counts, IsotonicCalibrator.identity(), settings.targetPrecision(),
              new FieldModel.BacktestSummary(0, 0, 0, 0)));
    }
    return new TenantModel(tenant, store.modelId(), settings.retrieval().jsonName(), scan.total, clock.instant(),
        fields, EtaBaselines.of(scan.tickets));
  }

  private FieldModel fitField(Map<String, Long> counts, List<double[]> outcomes) {
    int n = outcomes.size();
    if (n == 0) {
      return new FieldModel(counts, IsotonicCalibrator.identity(), settings.targetPrecision(),
          new FieldModel.BacktestSummary(0, 0, 0, 0));
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
    Threshold t = lowestThreshold(confidence, correct, settings.targetPrecision());
    return new FieldModel(counts, calibrator, t.value,
        new FieldModel.BacktestSummary(n, right / (double) n, t.coverage, t.precision));
  }

  private record Threshold(double value, double coverage, double precision) {}

  /** The lowest confidence at which the answered tickets reach the target precision. */
  static Threshold lowestThreshold(double[] confidence, boolean[] correct, double target) {
    int n = confidence.length;
    Integer[] order = new Integer[n];
    java.util.Arrays.setAll(order, i -> i);
    java.util.Arrays.sort(order, (a, b) -> Double.compare(confidence[b], confidence[a]));
    Threshold best = new Threshold(NEVER, 0, 0);
    int answered = 0;
    int right = 0;
    for (int i = 0; i < n; i++) {
      int idx = order[i];
      answered++;
      right += correct[idx] ? 1 : 0;
      boolean endOfTies = i == n - 1 || confidence[order[i + 1]] < confidence[idx];
      double precision = right / (double) answered;
      if (endOfTies && answered >= MIN_ANSWERED && precision >= target) {
        best = new Threshold(confidence[idx], answered / (double) n, precision);
      }
    }
    return best;
  }

  /** Each sampled ticket triaged against the rest: per field, {winning share, 1 if right else 0}. */
  private Map<LabelField, List<double[]>> replay(String tenant, List<Sampled> sample) {
    Map<LabelField, List<double[]>> outcomes = new EnumMap<>(LabelField.class);
    for (Sampled s : sample) {
      List<Neighbour> neighbours = search.find(tenant, s.vector, s.text, settings.k(), settings.retrieval(),
          Set.of(s.ticket.id()));
      Map<LabelField, List<Votes.Share>> votes = Votes.tallyAll(neighbours, settings.voteTemperature());
      for (LabelField f : LabelField.values()) {
        String truth = s.ticket.label(f);
        List<Votes.Share> shares = votes.get(f);
        if (truth == null || shares.isEmpty()) {
          continue;
        }
        Votes.Share top = shares.getFirst();
        outcomes.computeIfAbsent(f, x -> new ArrayList<>())
            .add(new double[] {top.share(), top.value().equals(truth) ? 1 : 0});
      }
    }
    return outcomes;
  }

  private record Sampled(Ticket ticket, float[] vector, String text) {}

  private static final class Scan {
    long total;
    final List<Sampled> sample = new ArrayList<>();
    final List<Ticket> tickets = new ArrayList<>();
    final Map<LabelField, Map<String, Long>> labels = new EnumMap<>(LabelField.class);
  }

  /** One pass over the history: label counts, resolution times, and a reservoir sample for the backtest. */
  private Scan scan(String tenant) {
    Scan scan = new Scan();
    for (LabelField f : LabelField.values()) {
      scan.labels.put(f, new HashMap<>());
    }
    Random random = new Random(SAMPLE_SEED);
    int size = settings.calibrationSample();
    store.forEach(tenant, (ticket, vector, text) -> {
      scan.total++;
      for (LabelField f : LabelField.values()) {
        String v = ticket.label(f);
        if (v != null) {
          scan.labels.get(f).merge(v, 1L, Long::sum);
        }
      }
      scan.tickets.add(slim(ticket));
      Sampled s = new Sampled(ticket, vector, text);
      if (scan.sample.size() < size) {
        scan.sample.add(s);
      } else {
        long j = random.nextLong(scan.total);
        if (j < size) {
          scan.sample.set((int) j, s);
        }
      }
    });
    return scan;
  }

  /** Only what the ETA baselines need, so that a large history does not keep its text in memory. */
  private static Ticket slim(Ticket t) {
    return new Ticket(t.id(), "-", null, t.category(), null, t.priority(), t.assignmentGroup(), null, null, null,
        t.createdAt(), t.resolvedAt(), null);
  }
}
