package dev.sift.engine;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What a fit reads of a tenant's history in one pass: label counts, the tickets' times (for the
 * ETA), a reservoir sample for the backtest and a larger one for the heads, and the span of
 * creation times.
 */
final class HistoryScan {

  /** Fixed, so that refitting unchanged history gives the same fit. */
  private static final long SAMPLE_SEED = 42;

  /** Tickets read between two progress reports. */
  private static final long READ_REPORT_EVERY = 500;

  long total;
  final List<HeadTrainer.Example> sample = new ArrayList<>();
  final List<HeadTrainer.Example> pool = new ArrayList<>();
  final List<Ticket> tickets = new ArrayList<>();
  final Map<LabelField, Map<String, Long>> labels = new EnumMap<>(LabelField.class);
  Instant firstCreated;
  Instant lastCreated;

  private HistoryScan() {}

  /**
   * Reads the history once, keeping a reservoir sample of {@code sampleSize} and one of {@code
   * poolSize}.
   */
  static HistoryScan read(
      TicketStore store, String tenant, int sampleSize, int poolSize, FitProgress progress) {
    HistoryScan scan = new HistoryScan();
    long expected = store.count(tenant);
    progress.report(FitProgress.Step.READING_HISTORY, 0, expected);
    for (LabelField f : LabelField.values()) {
      scan.labels.put(f, new HashMap<>());
    }
    Random sampleRandom = new Random(SAMPLE_SEED);
    Random poolRandom = new Random(SAMPLE_SEED + 1);
    store.forEach(
        tenant,
        (ticket, vector, text) -> {
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
          HeadTrainer.Example e =
              new HeadTrainer.Example(ticket.id(), vector, text, ticket.requester(), labels);
          reservoir(scan.sample, sampleSize, e, scan.total, sampleRandom);
          reservoir(scan.pool, poolSize, e, scan.total, poolRandom);
          if (scan.total % READ_REPORT_EVERY == 0) {
            // Tickets stored while the fit reads may pass the count taken before it.
            progress.report(
                FitProgress.Step.READING_HISTORY, scan.total, Math.max(expected, scan.total));
          }
        });
    progress.report(FitProgress.Step.READING_HISTORY, scan.total, Math.max(expected, scan.total));
    return scan;
  }

  private static void reservoir(
      List<HeadTrainer.Example> r, int size, HeadTrainer.Example e, long seen, Random random) {
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
    return new Ticket(
        t.id(),
        "-",
        null,
        t.category(),
        null,
        t.priority(),
        t.assignmentGroup(),
        null,
        null,
        null,
        t.createdAt(),
        t.resolvedAt(),
        null);
  }
}
