package dev.sift.evaluation.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.data.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BurstInjectorTest {

  private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
  private static final String[] TOPICS = {
    "Outlook does not open after the update this morning",
    "VPN drops every ten minutes when working from home",
    "Printer on the second floor jams on every job",
    "Cannot log in to SAP, password expired message",
    "Teams calls have no audio on the new headset"
  };

  /** A week of background tickets, one every 30 minutes. */
  private static List<Ticket> stream() {
    List<Ticket> tickets = new ArrayList<>();
    for (int i = 0; i < 336; i++) {
      tickets.add(
          Ticket.builder("t" + i)
              .subject(TOPICS[i % TOPICS.length])
              .body("details of ticket " + i)
              .requester("user" + (i % 40))
              .client("site" + (i % 3))
              .createdAt(START.plus(Duration.ofMinutes(30L * i)))
              .build());
    }
    return tickets;
  }

  private static BurstInjector.Settings settings(int bursts, long seed) {
    return new BurstInjector.Settings(bursts, 6, Duration.ofMinutes(2), List.of(), seed);
  }

  @Test
  void the_same_seed_injects_the_same_bursts_and_another_seed_other_ones() {
    List<Ticket> stream = stream();
    List<StreamTicket> a = BurstInjector.inject(stream, stream, settings(10, 42));
    List<StreamTicket> b = BurstInjector.inject(stream, stream, settings(10, 42));
    List<StreamTicket> c = BurstInjector.inject(stream, stream, settings(10, 7));
    assertThat(a).hasSize(60).isEqualTo(b);
    assertThat(c.stream().map(StreamTicket::at).toList())
        .isNotEqualTo(a.stream().map(StreamTicket::at).toList());
  }

  @Test
  void every_injected_ticket_comes_from_its_own_requester_and_is_labelled_with_its_burst() {
    List<Ticket> stream = stream();
    List<StreamTicket> injected = BurstInjector.inject(stream, stream, settings(10, 42));
    Set<String> streamRequesters =
        stream.stream().map(Ticket::requester).collect(Collectors.toSet());
    assertThat(injected.stream().map(s -> s.ticket().requester()).distinct())
        .hasSize(60)
        .doesNotContainAnyElementsOf(streamRequesters);
    Map<String, Long> perBurst =
        injected.stream()
            .collect(
                Collectors.groupingBy(StreamTicket::burst, TreeMap::new, Collectors.counting()));
    assertThat(perBurst).hasSize(10).allSatisfy((burst, n) -> assertThat(n).isEqualTo(6L));
    assertThat(injected.stream().map(s -> s.ticket().id()).distinct()).hasSize(60);
  }

  @Test
  void arrivals_within_a_burst_average_the_requested_rate() {
    List<Ticket> stream = stream();
    List<StreamTicket> injected = BurstInjector.inject(stream, stream, settings(200, 42));
    Map<String, List<Instant>> times =
        injected.stream()
            .collect(
                Collectors.groupingBy(
                    StreamTicket::burst,
                    Collectors.mapping(StreamTicket::at, Collectors.toList())));
    List<Long> gaps = new ArrayList<>();
    for (List<Instant> t : times.values()) {
      for (int i = 1; i < t.size(); i++) {
        gaps.add(Duration.between(t.get(i - 1), t.get(i)).toMillis());
      }
    }
    assertThat(gaps).hasSize(1000).allSatisfy(g -> assertThat(g).isNotNegative());
    double meanSeconds = gaps.stream().mapToLong(Long::longValue).average().orElseThrow() / 1000;
    // 1,000 exponential gaps of mean 120 s: one standard error is 3.8 s, so 10% is more than three.
    assertThat(meanSeconds).isBetween(108.0, 132.0);
  }

  @Test
  void a_burst_starts_at_the_time_of_a_stream_ticket_and_copies_a_stream_ticket_lightly() {
    List<Ticket> stream = stream();
    Set<Instant> streamTimes = stream.stream().map(Ticket::createdAt).collect(Collectors.toSet());
    List<StreamTicket> injected = BurstInjector.inject(stream, stream, settings(10, 42));
    Map<String, List<StreamTicket>> bursts =
        injected.stream().collect(Collectors.groupingBy(StreamTicket::burst));
    Set<String> topics = Set.of(TOPICS);
    for (List<StreamTicket> burst : bursts.values()) {
      assertThat(streamTimes).contains(burst.getFirst().at());
      String seed =
          topics.stream()
              .max((x, y) -> Double.compare(overlap(x, burst), overlap(y, burst)))
              .orElseThrow();
      // Light perturbation: on average most words survive, yet the copies are not all identical.
      assertThat(overlap(seed, burst)).isGreaterThan(0.6);
      assertThat(burst.stream().map(s -> s.ticket().subject()).distinct().count()).isGreaterThan(1);
    }
  }

  @Test
  void seeds_given_by_id_are_copied_in_turn() {
    List<Ticket> stream = stream();
    List<StreamTicket> injected =
        BurstInjector.inject(
            stream,
            stream,
            new BurstInjector.Settings(4, 3, Duration.ofMinutes(1), List.of("t0", "t1"), 42));
    Map<String, List<StreamTicket>> bursts =
        injected.stream().collect(Collectors.groupingBy(StreamTicket::burst));
    assertThat(overlap(TOPICS[0], bursts.get("inject-1")))
        .isGreaterThan(overlap(TOPICS[1], bursts.get("inject-1")));
    assertThat(overlap(TOPICS[1], bursts.get("inject-2")))
        .isGreaterThan(overlap(TOPICS[0], bursts.get("inject-2")));
    assertThat(overlap(TOPICS[0], bursts.get("inject-3")))
        .isGreaterThan(overlap(TOPICS[1], bursts.get("inject-3")));
    assertThatThrownBy(
            () ->
                BurstInjector.inject(
                    stream,
                    stream,
                    new BurstInjector.Settings(1, 3, Duration.ofMinutes(1), List.of("nope"), 42)))
        .hasMessageContaining("'nope'");
  }

  @Test
  void rates_read_as_tickets_per_period() {
    assertThat(BurstInjector.meanGap("1/2min")).isEqualTo(Duration.ofMinutes(2));
    assertThat(BurstInjector.meanGap("3/min")).isEqualTo(Duration.ofSeconds(20));
    assertThat(BurstInjector.meanGap("20/h")).isEqualTo(Duration.ofMinutes(3));
    assertThat(BurstInjector.meanGap("1/30s")).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> BurstInjector.meanGap("fast")).hasMessageContaining("--burst-rate");
    assertThatThrownBy(() -> BurstInjector.meanGap("0/min")).hasMessageContaining("--burst-rate");
  }

  /** Mean share of the seed's words found in each copy's subject. */
  private static double overlap(String seed, List<StreamTicket> copies) {
    Set<String> words = new HashSet<>(Arrays.asList(seed.split(" ")));
    return copies.stream()
        .mapToDouble(
            s -> {
              Set<String> copy = new HashSet<>(Arrays.asList(s.ticket().subject().split(" ")));
              return words.stream().filter(copy::contains).count() / (double) words.size();
            })
        .average()
        .orElseThrow();
  }
}
