package dev.sift.engine.incident;

import dev.sift.index.Hit;
import dev.sift.index.VectorIndex;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * How often a topic usually arrives: past tickets similar to a cluster's centroid, counted from the
 * tenant's history before the cluster began. The rate for the cluster's hour of the week is blended
 * with the all-hours rate, so that password resets at their usual Monday-morning pace are expected,
 * not alarming.
 */
final class TopicRates {

  /** Weight, in weeks, of the all-hours rate in the hour-of-week blend. */
  private static final double PRIOR_WEEKS = 1.0;

  private static final double HOURS_PER_WEEK = 168;

  /** Deepest search when a topic is so common that every hit so far was similar. */
  private static final int MAX_DEPTH = 4_000;

  private static final int DEPTH_GROWTH = 4;

  /** The tenant's history time range, or null where its tickets carry no timestamps. */
  record Span(Instant start, Instant end) {
    double hours() {
      return Math.max(1.0, Duration.between(start, end).toMinutes() / 60.0);
    }
  }

  /** Looks up a tenant's history span. */
  interface Spans {
    Span span(String tenant);
  }

  private final VectorIndex index;
  private final IncidentSettings settings;
  private final Spans spans;

  TopicRates(VectorIndex index, IncidentSettings settings, Spans spans) {
    this.index = index;
    this.settings = settings;
    this.spans = spans;
  }

  /** Similar tickets per hour usually seen at the time of {@code at}; NaN-free, positive. */
  double perHour(String tenant, float[] centroid, Instant before, Instant at) {
    Span span = spans.span(tenant);
    if (span == null) {
      return settings.fallbackRatePerHour();
    }
    Instant end = span.end().isBefore(before) ? span.end() : before;
    if (!end.isAfter(span.start())) {
      return settings.fallbackRatePerHour();
    }
    Span history = new Span(span.start(), end);
    int depth = settings.rateSearchDepth();
    List<Hit> hits;
    while (true) {
      hits = index.search(tenant, centroid, depth);
      boolean allSimilar = !hits.isEmpty() && hits.getLast().score() >= settings.joinSimilarity();
      if (!allSimilar || hits.size() < depth || depth >= MAX_DEPTH) {
        break;
      }
      depth = Math.min(MAX_DEPTH, depth * DEPTH_GROWTH);
    }
    int slot = hourOfWeek(at);
    long all = 0;
    long sameHour = 0;
    for (Hit h : hits) {
      if (h.score() < settings.joinSimilarity()) {
        continue;
      }
      String created = h.payload().attribute("createdAt");
      if (created == null) {
        continue;
      }
      Instant t = Instant.parse(created);
      if (!t.isBefore(end) || t.isBefore(history.start())) {
        continue;
      }
      all++;
      sameHour += hourOfWeek(t) == slot ? 1 : 0;
    }
    double overall = all / history.hours();
    double weeks = Math.max(1.0, history.hours() / HOURS_PER_WEEK);
    double hourly = (sameHour + PRIOR_WEEKS * overall) / (weeks + PRIOR_WEEKS);
    return Math.max(overall, hourly);
  }

  private static int hourOfWeek(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    DayOfWeek d = z.getDayOfWeek();
    return (d.getValue() - 1) * 24 + z.getHour();
  }
}
