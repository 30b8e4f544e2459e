package dev.sift.evaluation.replay;

import dev.sift.data.Ticket;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Gives an export without timestamps a plausible arrival time for every ticket, so that it can be
 * replayed: the tickets are shuffled with a fixed seed and placed at times drawn from a service
 * desk's weekly profile (busy on weekday working hours, a morning peak, quiet nights and weekends),
 * in UTC.
 *
 * <p>Shuffling first means the stream carries no real incident: any burst in it is chance or
 * injected.
 */
final class ArrivalTimes {

  static final int HOURS_PER_WEEK = 168;

  /** Relative arrival rate of a weekday working hour, 08:00 to 18:00 UTC. */
  static final double WORKING_HOUR = 1.0;

  /** The morning peak, 09:00 to 11:00 on weekdays, when people find what broke overnight. */
  static final double MORNING_PEAK = 1.5;

  /** The shoulders: 07:00 and 18:00 on weekdays. */
  static final double SHOULDER = 0.3;

  /** Weekday nights, and every hour of the weekend. */
  static final double QUIET = 0.03;

  private ArrivalTimes() {}

  /**
   * Parses {@code START:WEEKS:SEED}, e.g. {@code 2026-01-05:8:42} (START is a date, taken as 00:00
   * UTC).
   */
  static List<Ticket> spread(List<Ticket> tickets, String spec) {
    String[] p = spec.split(":");
    if (p.length != 3) {
      throw new IllegalArgumentException(
          "--spread is START:WEEKS:SEED, e.g. 2026-01-05:8:42, not '" + spec + "'");
    }
    Instant start = java.time.LocalDate.parse(p[0]).atStartOfDay(ZoneOffset.UTC).toInstant();
    return spread(tickets, start, Integer.parseInt(p[1]), Long.parseLong(p[2]));
  }

  /**
   * The tickets in a seeded random order, each with a creation time in the {@code weeks} weeks that
   * begin on the Monday on or before {@code start}, oldest first. Each time is drawn independently:
   * an hour of the week with probability proportional to {@link #weights()}, a week uniformly, a
   * second uniformly within the hour.
   */
  static List<Ticket> spread(List<Ticket> tickets, Instant start, int weeks, long seed) {
    if (weeks < 1) {
      throw new IllegalArgumentException("--spread needs at least one week, was " + weeks);
    }
    Random random = new Random(seed);
    List<Ticket> order = new ArrayList<>(tickets);
    Collections.shuffle(order, random);
    double[] cumulative = cumulative(weights());
    List<Instant> times = new ArrayList<>(order.size());
    for (int i = 0; i < order.size(); i++) {
      int slot = draw(cumulative, random.nextDouble());
      int week = random.nextInt(weeks);
      long second = (long) (random.nextDouble() * Duration.ofHours(1).toSeconds());
      times.add(
          mondayOnOrBefore(start)
              .plus(Duration.ofDays(7L * week))
              .plus(Duration.ofHours(slot))
              .plusSeconds(second));
    }
    Collections.sort(times);
    List<Ticket> out = new ArrayList<>(order.size());
    for (int i = 0; i < order.size(); i++) {
      out.add(StreamTicket.at(order.get(i), times.get(i)));
    }
    return out;
  }

  /** Relative arrival rate for each hour of the week, Monday 00:00 UTC first. */
  static double[] weights() {
    double[] w = new double[HOURS_PER_WEEK];
    for (int slot = 0; slot < HOURS_PER_WEEK; slot++) {
      DayOfWeek day = DayOfWeek.of(slot / 24 + 1);
      int hour = slot % 24;
      boolean weekday = day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
      if (!weekday) {
        w[slot] = QUIET;
      } else if (hour == 9 || hour == 10) {
        w[slot] = MORNING_PEAK;
      } else if (hour >= 8 && hour < 18) {
        w[slot] = WORKING_HOUR;
      } else if (hour == 7 || hour == 18) {
        w[slot] = SHOULDER;
      } else {
        w[slot] = QUIET;
      }
    }
    return w;
  }

  private static Instant mondayOnOrBefore(Instant start) {
    var day = start.atZone(ZoneOffset.UTC).toLocalDate();
    return day.minusDays(day.getDayOfWeek().getValue() - 1L)
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant();
  }

  private static double[] cumulative(double[] w) {
    double[] c = new double[w.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      sum += w[i];
      c[i] = sum;
    }
    for (int i = 0; i < c.length; i++) {
      c[i] /= sum;
    }
    return c;
  }

  private static int draw(double[] cumulative, double u) {
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }
}
