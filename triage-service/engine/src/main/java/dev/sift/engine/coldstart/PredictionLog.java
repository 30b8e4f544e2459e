package dev.sift.engine.coldstart;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import dev.sift.engine.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every suggestion made, and the final labels of the tickets it was made for, so that live accuracy
 * can be reported per field and method. Lines go to the log of a {@link StateStore}: files on one
 * instance, PostgreSQL shared by replicas, so that a suggestion made by one replica is scored when
 * its ticket is upserted through another, and every replica reports the same accuracy. Suggestions
 * are written in batches off the triage's path ({@link PendingLines}, at most {@link
 * PendingLines#LINGER} later); outcomes are written before {@link #score} returns. Each replica
 * follows the shared log by reading the lines numbered after the last one it read (one tenant's
 * lines become visible in number order). The newest {@link #MAX_PREDICTIONS} suggestions per tenant
 * are kept.
 */
public final class PredictionLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PredictionLog.class);

  /** The state kind, and the directory name of the files of a single instance. */
  public static final String KIND = "predictions";

  /** Suggestions kept per tenant; the oldest half is dropped when the log grows past this. */
  static final int MAX_PREDICTIONS = 100_000;

  private final StateStore store;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();
  private final ConcurrentHashMap<String, TenantLog> tenants = new ConcurrentHashMap<>();
  private final int maxPredictions;
  private final PendingLines pending = new PendingLines(this::write);

  /**
   * One field of a logged suggestion.
   *
   * @param value the suggested value, or when abstaining the value that would have been suggested
   *     (may be null)
   * @param method the {@link dev.sift.engine.AnswerMethod#wire() wire name} of how it was answered,
   *     as earlier lines hold it
   * @param score cold start's raw score of that value before calibration, which live feedback
   *     recalibrates; null for neighbours and for lines of earlier versions
   */
  public record FieldGuess(
      String value, boolean abstained, double confidence, String method, Double score) {
    public FieldGuess(String value, boolean abstained, double confidence, String method) {
      this(value, abstained, confidence, method, null);
    }
  }

  /**
   * A scored cold-start suggestion: its raw score, whether its best guess was right, and the final
   * label.
   */
  public record Scored(double score, boolean right, String label) {}

  /**
   * One line of the log: a suggestion ({@code fields} set) or a ticket's final labels ({@code
   * labels} set).
   */
  public record Line(
      String kind,
      Instant at,
      String ticketId,
      String modelVersion,
      Map<String, FieldGuess> fields,
      Map<String, String> labels) {}

  /**
   * Live figures for one field and method over a window.
   *
   * @param suggestions suggestions made
   * @param scored suggestions whose ticket has since been upserted with a final value for the field
   * @param answered scored suggestions that did not abstain
   * @param accuracy share of answered that were right, null when none
   * @param coverage answered over scored, null when none scored
   * @param abstainRate abstained over all suggestions
   * @param guessAccuracy share of scored whose best guess (answered or not) was right: comparable
   *     with a backtest's accuracy, and what hands a field over from cold start to neighbours
   */
  public record FieldAccuracy(
      long suggestions,
      long scored,
      long answered,
      Double accuracy,
      Double coverage,
      Double abstainRate,
      Double guessAccuracy) {}

  /**
   * @param store where the lines go ({@link #KIND}); shared by replicas on PostgreSQL
   */
  public PredictionLog(StateStore store, Clock clock) {
    this(store, clock, MAX_PREDICTIONS);
  }

  PredictionLog(StateStore store, Clock clock, int maxPredictions) {
    this.store = store;
    this.clock = clock;
    this.maxPredictions = maxPredictions;
  }

  public void record(
      String tenant, String ticketId, Map<String, FieldGuess> fields, String modelVersion) {
    pending.add(
        tenant, new Line("suggestion", clock.instant(), ticketId, modelVersion, fields, null));
  }

  /** Writes the suggestions recorded so far; readers call it, so that they see them. */
  void flush() {
    pending.flush();
  }

  /** Writes queued suggestions; called by {@link PendingLines}, one tenant's lines at a time. */
  private void write(String tenant, List<Line> lines) {
    TenantLog t = tenant(tenant);
    synchronized (t) {
      append(tenant, t, lines);
      if (t.predictions.size() > maxPredictions) {
        compact(tenant, t);
      }
    }
  }

  @Override
  public void close() {
    pending.close();
  }

  /** Records the final labels of tickets that were suggested for; others are ignored. */
  public void score(String tenant, List<Ticket> tickets) {
    flush();
    TenantLog t = tenant(tenant);
    synchronized (t) {
      refresh(tenant, t);
      List<Line> lines = new ArrayList<>();
      for (Ticket ticket : tickets) {
        if (!t.suggestedIds.contains(ticket.id())) {
          continue;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (LabelField f : LabelField.values()) {
          if (ticket.label(f) != null) {
            labels.put(f.jsonName(), ticket.label(f));
          }
        }
        if (!labels.isEmpty()) {
          lines.add(new Line("outcome", clock.instant(), ticket.id(), null, null, labels));
        }
      }
      if (!lines.isEmpty()) {
        append(tenant, t, lines);
      }
    }
  }

  /** Figures per field, then per method, for suggestions made in [from, to). */
  public Map<String, Map<String, FieldAccuracy>> accuracy(String tenant, Instant from, Instant to) {
    return PredictionJudging.accuracy(judged(tenant, from, to));
  }

  /**
   * The scored suggestions of one field and method made in [from, to) that carry a raw score: what
   * live feedback recalibrates cold start with. Oldest first.
   */
  public List<Scored> scored(String tenant, String field, String method, Instant from, Instant to) {
    return PredictionJudging.scored(judged(tenant, from, to), field, method);
  }

  /**
   * The suggestions the desk saw in [from, to), with their outcomes, once this replica has read
   * every line logged so far.
   */
  private List<PredictionJudging.Judged> judged(String tenant, Instant from, Instant to) {
    flush();
    TenantLog t = tenant(tenant);
    synchronized (t) {
      refresh(tenant, t);
      return PredictionJudging.judged(t, from, to);
    }
  }

  /**
   * How many outcomes (final labels) the tenant's log has taken in: changes whenever live feedback
   * arrives.
   */
  public long outcomeCount(String tenant) {
    flush();
    TenantLog t = tenant(tenant);
    synchronized (t) {
      refresh(tenant, t);
      return t.outcomeLines;
    }
  }

  public void deleteTenant(String tenant) {
    flush();
    TenantLog t = tenant(tenant);
    synchronized (t) {
      t.predictions.clear();
      t.outcomes.clear();
      t.suggestedIds.clear();
      store.delete(tenant);
    }
  }

  private TenantLog tenant(String tenant) {
    return tenants.computeIfAbsent(tenant, this::load);
  }

  private TenantLog load(String tenant) {
    TenantLog t = new TenantLog();
    readAfter(tenant, t, 0);
    if (t.predictions.size() > maxPredictions) {
      compact(tenant, t);
    }
    return t;
  }

  /** On a shared store, applies the lines other replicas appended since this one last looked. */
  private void refresh(String tenant, TenantLog t) {
    if (store.shared()) {
      readAfter(tenant, t, t.readUpTo);
    }
  }

  private void readAfter(String tenant, TenantLog t, long afterSeq) {
    store.readLog(
        tenant,
        afterSeq,
        (seq, record) -> {
          Line line;
          try {
            line = json.readValue(record, Line.class);
          } catch (RuntimeException e) {
            log.warn("skipping an unreadable prediction of tenant {}", tenant, e);
            return;
          }
          t.applyRead(seq, line);
        });
  }

  private void append(String tenant, TenantLog t, List<Line> lines) {
    List<byte[]> records = new ArrayList<>(lines.size());
    for (Line l : lines) {
      records.add(json.writeValueAsBytes(l));
    }
    long[] seqs = store.appendAll(tenant, records);
    for (int i = 0; i < seqs.length; i++) {
      t.applyOwn(seqs[i], lines.get(i), store.shared());
    }
  }

  /**
   * Keeps the newest half of the suggestions: the outcomes of kept tickets that lie before the cut
   * are appended again, then the log is truncated at the oldest kept suggestion.
   */
  private void compact(String tenant, TenantLog t) {
    // Lines of other replicas up to the cut must be known here, or the cut would drop outcomes they
    // logged.
    refresh(tenant, t);
    // Own appends can sit ahead of lines of other replicas read later: keep the newest by number.
    List<TenantLog.Logged> byNumber = new ArrayList<>(t.predictions);
    byNumber.sort(Comparator.comparingLong(TenantLog.Logged::seq));
    t.predictions.clear();
    t.predictions.addAll(byNumber.subList(byNumber.size() - maxPredictions / 2, byNumber.size()));
    t.suggestedIds.clear();
    t.predictions.forEach(
        p -> {
          if (p.line().ticketId() != null) {
            t.suggestedIds.add(p.line().ticketId());
          }
        });
    t.outcomes.keySet().retainAll(t.suggestedIds);
    long cut = t.predictions.getFirst().seq();
    List<Line> carried =
        t.outcomes.values().stream()
            .filter(o -> o.seq() < cut)
            .map(TenantLog.Logged::line)
            .toList();
    if (!carried.isEmpty()) {
      append(tenant, t, carried);
    }
    store.truncateLog(tenant, cut);
  }
}
