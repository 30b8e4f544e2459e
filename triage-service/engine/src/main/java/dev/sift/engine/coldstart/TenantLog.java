package dev.sift.engine.coldstart;

import dev.sift.engine.coldstart.PredictionLog.Line;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One tenant's prediction log in memory: its suggestions in order, the latest outcome per ticket,
 * and how far the stored log has been read. {@link PredictionLog} changes it under its lock.
 */
final class TenantLog {
  final Deque<Logged> predictions = new ArrayDeque<>();
  final Map<String, Logged> outcomes = new HashMap<>();
  final Set<String> suggestedIds = new HashSet<>();

  /** The last number read from the store; this replica's own appends do not move it. */
  long readUpTo;

  /**
   * This replica's appends above {@link #readUpTo}, applied already, to skip when the store returns
   * them.
   */
  final TreeSet<Long> ownAhead = new TreeSet<>();

  /** Outcome lines applied so far: a cheap sign that live feedback has moved. */
  long outcomeLines;

  void applyRead(long seq, Line line) {
    readUpTo = Math.max(readUpTo, seq);
    if (!ownAhead.remove(seq)) {
      apply(seq, line);
    }
    ownAhead.headSet(readUpTo, true).clear();
  }

  void applyOwn(long seq, Line line, boolean followed) {
    // Only a followed (shared) log is read again; on files nothing would ever take the number back
    // out.
    if (followed && seq > readUpTo) {
      ownAhead.add(seq);
    } else if (!followed) {
      readUpTo = Math.max(readUpTo, seq);
    }
    apply(seq, line);
  }

  private void apply(long seq, Line line) {
    Logged logged = new Logged(seq, line);
    if ("outcome".equals(line.kind())) {
      outcomeLines++;
      Logged known = outcomes.get(line.ticketId());
      if (known == null || known.seq() < seq) {
        outcomes.put(line.ticketId(), logged);
      }
    } else {
      predictions.addLast(logged);
      if (line.ticketId() != null) {
        suggestedIds.add(line.ticketId());
      }
    }
  }

  /** A line with its number in the log. */
  record Logged(long seq, Line line) {}
}
