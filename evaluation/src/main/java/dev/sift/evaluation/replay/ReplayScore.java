package dev.sift.evaluation.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a replay against its labelled bursts, from what the detector answered for each ticket in
 * replay order.
 *
 * <p>A burst is <b>detected</b> at the first ticket after which a cluster holding one of its
 * tickets is a candidate; its delay is the number of its own tickets seen by then and the minutes
 * since its first ticket. A candidate that never holds a ticket of any labelled burst is a <b>false
 * alarm</b>; false alarms per week divide their count by the replayed span (first to last replayed
 * ticket).
 */
final class ReplayScore {

  private static final double MINUTES_PER_WEEK = Duration.ofDays(7).toMinutes();

  private ReplayScore() {}

  /**
   * What the detector said about one replayed ticket.
   *
   * @param burst the ticket's labelled burst, or null
   * @param candidate whether the cluster was a candidate once the ticket had joined it
   */
  record Observation(
      String ticketId, Instant at, String burst, String clusterId, boolean candidate) {}

  /** One labelled burst; the delays are NaN when it was not detected. */
  record BurstOutcome(
      String burst,
      int size,
      Instant firstAt,
      boolean detected,
      int delayTickets,
      double delayMinutes,
      String clusterId) {}

  /** One candidate: when it was raised, its size at the end of the replay, the bursts it holds. */
  record Candidate(
      String clusterId,
      Instant raisedAt,
      String raisedBy,
      int size,
      List<String> bursts,
      String reason) {
    boolean falseAlarm() {
      return bursts.isEmpty();
    }
  }

  record Result(
      List<BurstOutcome> bursts,
      List<Candidate> candidates,
      double detectionRate,
      double meanDelayTickets,
      double meanDelayMinutes,
      int falseAlarms,
      double weeks,
      double falseAlarmsPerWeek) {}

  /**
   * @param reasons each candidate's reason, by cluster id, as the detector raised it (may lack
   *     entries)
   */
  static Result score(List<Observation> replay, Map<String, String> reasons) {
    Map<String, Set<String>> burstsOfCluster = new LinkedHashMap<>();
    Map<String, Integer> clusterSize = new LinkedHashMap<>();
    Map<String, Observation> raisedBy = new LinkedHashMap<>();
    Map<String, Instant> firstOfBurst = new LinkedHashMap<>();
    Map<String, Integer> seenOfBurst = new LinkedHashMap<>();
    Map<String, BurstOutcome> detected = new LinkedHashMap<>();
    for (Observation o : replay) {
      Set<String> held = burstsOfCluster.computeIfAbsent(o.clusterId(), c -> new LinkedHashSet<>());
      clusterSize.merge(o.clusterId(), 1, Integer::sum);
      if (o.burst() != null) {
        held.add(o.burst());
        firstOfBurst.putIfAbsent(o.burst(), o.at());
        seenOfBurst.merge(o.burst(), 1, Integer::sum);
      }
      if (o.candidate()) {
        raisedBy.putIfAbsent(o.clusterId(), o);
        for (String b : held) {
          if (!detected.containsKey(b)) {
            double minutes = Duration.between(firstOfBurst.get(b), o.at()).toMillis() / 60_000.0;
            detected.put(
                b,
                new BurstOutcome(
                    b, 0, firstOfBurst.get(b), true, seenOfBurst.get(b), minutes, o.clusterId()));
          }
        }
      }
    }
    List<BurstOutcome> bursts = new ArrayList<>();
    for (Map.Entry<String, Instant> e : firstOfBurst.entrySet()) {
      int size = seenOfBurst.get(e.getKey());
      BurstOutcome d = detected.get(e.getKey());
      bursts.add(
          d == null
              ? new BurstOutcome(e.getKey(), size, e.getValue(), false, -1, Double.NaN, null)
              : new BurstOutcome(
                  d.burst(),
                  size,
                  d.firstAt(),
                  true,
                  d.delayTickets(),
                  d.delayMinutes(),
                  d.clusterId()));
    }
    List<Candidate> candidates = new ArrayList<>();
    for (Observation o : raisedBy.values()) {
      candidates.add(
          new Candidate(
              o.clusterId(),
              o.at(),
              o.ticketId(),
              clusterSize.get(o.clusterId()),
              List.copyOf(burstsOfCluster.get(o.clusterId())),
              reasons.get(o.clusterId())));
    }
    int falseAlarms = (int) candidates.stream().filter(Candidate::falseAlarm).count();
    double weeks =
        replay.isEmpty()
            ? 0
            : Duration.between(replay.getFirst().at(), replay.getLast().at()).toMinutes()
                / MINUTES_PER_WEEK;
    List<BurstOutcome> hits = bursts.stream().filter(BurstOutcome::detected).toList();
    return new Result(
        bursts,
        candidates,
        bursts.isEmpty() ? Double.NaN : (double) hits.size() / bursts.size(),
        hits.stream().mapToInt(BurstOutcome::delayTickets).average().orElse(Double.NaN),
        hits.stream().mapToDouble(BurstOutcome::delayMinutes).average().orElse(Double.NaN),
        falseAlarms,
        weeks,
        weeks > 0 ? falseAlarms / weeks : Double.NaN);
  }
}
