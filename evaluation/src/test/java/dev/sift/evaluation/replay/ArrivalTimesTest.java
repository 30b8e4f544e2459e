package dev.sift.evaluation.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.Ticket;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalTimesTest {

  private static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");

  private static List<Ticket> undated(int n) {
    List<Ticket> tickets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tickets.add(Ticket.builder("t" + i).subject("ticket " + i).build());
    }
    return tickets;
  }

  @Test
  void spreads_every_ticket_over_the_weeks_oldest_first_the_same_way_for_the_same_seed() {
    List<Ticket> a = ArrivalTimes.spread(undated(2000), "2026-01-05:4:42");
    List<Ticket> b = ArrivalTimes.spread(undated(2000), MONDAY, 4, 42);
    List<Ticket> c = ArrivalTimes.spread(undated(2000), MONDAY, 4, 7);
    assertThat(a)
        .hasSize(2000)
        .isEqualTo(b)
        .isSortedAccordingTo(Comparator.comparing(Ticket::createdAt));
    assertThat(a)
        .allSatisfy(
            t -> assertThat(t.createdAt()).isBetween(MONDAY, MONDAY.plusSeconds(4 * 7 * 86_400)));
    assertThat(a.stream().map(Ticket::id).distinct()).hasSize(2000);
    assertThat(c.stream().map(Ticket::id).toList())
        .isNotEqualTo(a.stream().map(Ticket::id).toList());
  }

  @Test
  void most_tickets_arrive_in_weekday_working_hours_with_a_morning_peak() {
    List<Ticket> spread = ArrivalTimes.spread(undated(5000), MONDAY, 4, 42);
    long working =
        spread.stream()
            .filter(
                t -> {
                  ZonedDateTime z = t.createdAt().atZone(ZoneOffset.UTC);
                  return z.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue()
                      && z.getHour() >= 8
                      && z.getHour() < 18;
                })
            .count();
    // Weights: 5 weekdays x (8 h x 1.0 + 2 h x 1.5) = 55 of 61.24 in total, so 89.8% expected.
    assertThat(working / 5000.0).isBetween(0.87, 0.92);
    long peak =
        spread.stream().filter(t -> t.createdAt().atZone(ZoneOffset.UTC).getHour() == 9).count();
    long afternoon =
        spread.stream().filter(t -> t.createdAt().atZone(ZoneOffset.UTC).getHour() == 15).count();
    assertThat(peak).isGreaterThan(afternoon);
  }
}
