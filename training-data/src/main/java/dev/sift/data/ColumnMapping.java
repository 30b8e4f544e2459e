package dev.sift.data;

import dev.sift.data.internal.TicketField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which source column (CSV header or top-level NDJSON key) fills which {@link Ticket} field.
 *
 * <p>Written as {@code field=Column header} pairs separated by commas, for example {@code
 * subject=Short description,body=Description,assignmentGroup=Assignment group}. A comma inside a
 * header is written {@code \,} and a backslash {@code \\}. Field names are the {@link Ticket}
 * component names. Headers are matched exactly first, then ignoring case, surrounding whitespace
 * and a byte-order mark.
 */
public final class ColumnMapping {

  private final EnumMap<TicketField, String> sources;
  private final boolean columnsOptional;

  private ColumnMapping(EnumMap<TicketField, String> sources, boolean columnsOptional) {
    if (!sources.containsKey(TicketField.SUBJECT) && !sources.containsKey(TicketField.BODY)) {
      throw new IllegalArgumentException(
          "a column mapping must map subject or body, got " + describe(sources));
    }
    this.sources = sources;
    this.columnsOptional = columnsOptional;
  }

  /**
   * Parses {@code field=Column header,...}.
   *
   * @throws IllegalArgumentException for an unknown or repeated field, an entry without {@code =}
   *     or an empty header, or when neither subject nor body is mapped
   */
  public static ColumnMapping parse(String spec) {
    Objects.requireNonNull(spec, "column mapping");
    EnumMap<TicketField, String> sources = new EnumMap<>(TicketField.class);
    for (String entry : splitEntries(spec)) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "column mapping entry '"
                + entry.strip()
                + "' has no '='; expected field=Column header");
      }
      put(sources, entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
    }
    return new ColumnMapping(sources, false);
  }

  /**
   * Maps field names to source columns, for example {@code Map.of("subject", "Summary")}.
   *
   * @throws IllegalArgumentException as {@link #parse}
   */
  public static ColumnMapping of(Map<String, String> fieldToColumn) {
    EnumMap<TicketField, String> sources = new EnumMap<>(TicketField.class);
    fieldToColumn.forEach(
        (field, column) -> put(sources, field.strip(), column == null ? "" : column.strip()));
    return new ColumnMapping(sources, false);
  }

  /**
   * Maps every ticket field to a column of the same name, matched ignoring case. Unlike other
   * mappings, columns missing from the file are simply left empty; only a file with neither a
   * subject nor a body column is rejected.
   */
  public static ColumnMapping identity() {
    EnumMap<TicketField, String> sources = new EnumMap<>(TicketField.class);
    for (TicketField f : TicketField.values()) {
      sources.put(f, f.fieldName());
    }
    return new ColumnMapping(sources, true);
  }

  /** Field name to source column, in {@link Ticket} component order. */
  public Map<String, String> asMap() {
    Map<String, String> out = new LinkedHashMap<>();
    sources.forEach((f, column) -> out.put(f.fieldName(), column));
    return Collections.unmodifiableMap(out);
  }

  /** Whether a mapped column may be absent from the file (true only for {@link #identity()}). */
  public boolean columnsOptional() {
    return columnsOptional;
  }

  EnumMap<TicketField, String> sources() {
    return new EnumMap<>(sources);
  }

  private static void put(EnumMap<TicketField, String> sources, String field, String column) {
    TicketField target =
        TicketField.byName(field)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown ticket field '"
                            + field
                            + "' in column mapping; valid fields are "
                            + TicketField.validNames()));
    if (column.isEmpty()) {
      throw new IllegalArgumentException("field '" + field + "' is mapped to an empty column name");
    }
    if (sources.putIfAbsent(target, column) != null) {
      throw new IllegalArgumentException(
          "field '" + target.fieldName() + "' is mapped twice in column mapping");
    }
  }

  private static List<String> splitEntries(String spec) {
    List<String> entries = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      boolean escapes =
          c == '\\'
              && i + 1 < spec.length()
              && (spec.charAt(i + 1) == ',' || spec.charAt(i + 1) == '\\');
      if (escapes) {
        current.append(spec.charAt(++i));
      } else if (c == ',') {
        entries.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    entries.add(current.toString());
    return entries;
  }

  private static String describe(EnumMap<TicketField, String> sources) {
    StringBuilder out = new StringBuilder();
    sources.forEach(
        (f, column) -> {
          if (!out.isEmpty()) {
            out.append(',');
          }
          out.append(f.fieldName())
              .append('=')
              .append(column.replace("\\", "\\\\").replace(",", "\\,"));
        });
    return out.isEmpty() ? "(nothing)" : out.toString();
  }

  /** The mapping in the form {@link #parse} reads. */
  @Override
  public String toString() {
    return describe(sources);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnMapping other
        && sources.equals(other.sources)
        && columnsOptional == other.columnsOptional;
  }

  @Override
  public int hashCode() {
    return Objects.hash(sources, columnsOptional);
  }
}
