package dev.sift.data.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Turns a date cell into an {@link Instant}; values without an offset are read in the configured
 * zone.
 */
public final class DateParser {

  private static final String ISO_DESCRIPTION =
      "ISO-8601, e.g. 2021-09-30T17:20:00Z, 2021-09-30T19:20+02:00, 2021-09-30T17:20 or 2021-09-30";
  // Exports from SQL tools write "2021-09-30 17:20:00"; that space stands where ISO-8601 has a 'T'.
  private static final int ISO_DATE_LENGTH = 10;

  private final DateTimeFormatter formatter;
  private final ZoneId zone;
  private final String expected;

  /**
   * {@code pattern} null means ISO-8601 in its instant, offset, local date-time and local date
   * forms.
   */
  public DateParser(String pattern, ZoneId zone, Locale locale) {
    this.zone = zone;
    if (pattern == null) {
      this.formatter = null;
      this.expected = ISO_DESCRIPTION;
    } else {
      this.formatter =
          new DateTimeFormatterBuilder()
              .parseCaseInsensitive()
              .appendPattern(pattern)
              .toFormatter(locale);
      this.expected = "pattern " + pattern;
    }
  }

  /** What a value should look like, for error messages. */
  public String expected() {
    return expected;
  }

  /** The instant, or {@code null} when the value cannot be read. */
  public Instant parse(String value) {
    try {
      return formatter == null
          ? parseIso(value)
          : toInstant(
              formatter.parseBest(
                  value, ZonedDateTime::from, LocalDateTime::from, LocalDate::from));
    } catch (DateTimeException e) {
      return null;
    }
  }

  private Instant parseIso(String value) {
    String iso =
        value.length() > ISO_DATE_LENGTH && value.charAt(ISO_DATE_LENGTH) == ' '
            ? value.substring(0, ISO_DATE_LENGTH) + 'T' + value.substring(ISO_DATE_LENGTH + 1)
            : value;
    if (iso.length() <= ISO_DATE_LENGTH) {
      return LocalDate.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(zone).toInstant();
    }
    return toInstant(
        DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from, LocalDateTime::from));
  }

  private Instant toInstant(TemporalAccessor parsed) {
    return switch (parsed) {
      case ZonedDateTime z -> z.toInstant();
      case LocalDateTime l -> l.atZone(zone).toInstant();
      case LocalDate d -> d.atStartOfDay(zone).toInstant();
      default -> throw new DateTimeException("unexpected parse result " + parsed);
    };
  }
}
