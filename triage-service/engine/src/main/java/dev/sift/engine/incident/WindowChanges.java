package dev.sift.engine.incident;

import dev.sift.engine.state.StateStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A shared window's log records: what each change did, written as its outcome (the cluster a ticket
 * joined and how that cluster was then judged) rather than as the ticket alone, so that every
 * replica applies it alike. Judging again would not do: a cluster's usual rate comes from the
 * tenant's index, which may differ between replicas by a ticket or two at any moment.
 */
final class WindowChanges {

  /**
   * One change: exactly one of {@code joined} and {@code resolved} is set.
   *
   * @param joined a ticket joined a cluster, new or open
   * @param resolved a person's verdict on a candidate
   */
  record Change(Joined joined, Resolved resolved) {}

  /**
   * A ticket joined the cluster {@code cluster} (created by this change when no open cluster has
   * that id), which was then judged as given.
   *
   * @param vector the ticket's vector, as {@link DetectorSnapshots#vectorText}
   */
  record Joined(
      TicketArrival ticket,
      String vector,
      String cluster,
      boolean candidate,
      double score,
      double usualRatePerHour,
      String reason) {

    static Joined of(TicketArrival ticket, float[] vector, Cluster c) {
      return new Joined(
          ticket,
          DetectorSnapshots.vectorText(vector),
          c.id,
          c.candidate,
          c.score,
          c.usualRatePerHour,
          c.reason);
    }
  }

  /** A verdict on the candidate {@code incident}. */
  record Resolved(String incident, IncidentState verdict) {}

  private WindowChanges() {}

  static List<byte[]> encode(List<Change> changes) {
    List<byte[]> records = new ArrayList<>(changes.size());
    for (Change c : changes) {
      records.add(DetectorSnapshots.JSON.writeValueAsBytes(c));
    }
    return records;
  }

  static Change decode(StateStore.LogRecord record) {
    return DetectorSnapshots.JSON.readValue(record.content(), Change.class);
  }
}
