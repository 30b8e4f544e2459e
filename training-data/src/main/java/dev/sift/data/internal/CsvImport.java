package dev.sift.data.internal;

import dev.sift.data.ImportException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads a CSV file with a header row into an {@link ImportRun}. */
public final class CsvImport {

  private CsvImport() {}

  public static void run(
      CharSource in,
      ReadLimits limits,
      EnumMap<TicketField, String> sources,
      boolean columnsOptional,
      ImportRun run) {
    CsvParser parser = new CsvParser(in, limits);
    CsvParser.Record header = parser.next();
    if (header == null) {
      throw new ImportException("the input is empty; a CSV header row is required");
    }
    if (header.error() != null) {
      throw new ImportException("the CSV header row is unusable: " + header.error());
    }
    int[] columns = resolve(header.fields(), sources, columnsOptional);
    int width = header.fields().size();
    for (CsvParser.Record record = parser.next(); record != null; record = parser.next()) {
      if (record.error() != null) {
        run.reject(record.line(), record.error());
      } else if (record.fields().size() != width) {
        run.reject(
            record.line(),
            "record has " + record.fields().size() + " fields but the header has " + width);
      } else {
        String[] raw = ImportRun.emptyRow();
        for (int f = 0; f < columns.length; f++) {
          if (columns[f] != ColumnMatcher.NOT_FOUND) {
            raw[f] = record.fields().get(columns[f]);
          }
        }
        run.row(record.line(), raw);
      }
    }
  }

  /**
   * Header position per {@link TicketField#ordinal()}, failing before any row is read if a column
   * is absent.
   */
  private static int[] resolve(
      List<String> headers, EnumMap<TicketField, String> sources, boolean optional) {
    int[] columns = new int[TicketField.values().length];
    Arrays.fill(columns, ColumnMatcher.NOT_FOUND);
    List<String> missing = new ArrayList<>();
    for (Map.Entry<TicketField, String> e : sources.entrySet()) {
      int index = ColumnMatcher.find(headers, e.getValue());
      columns[e.getKey().ordinal()] = index;
      if (index == ColumnMatcher.NOT_FOUND) {
        missing.add("'" + e.getValue() + "' (for " + e.getKey().fieldName() + ")");
      }
    }
    List<String> found = headers.stream().map(ColumnMatcher::clean).toList();
    if (!optional && !missing.isEmpty()) {
      throw new ImportException(
          "column"
              + (missing.size() == 1 ? " " : "s ")
              + String.join(", ", missing)
              + " not found in the CSV header; headers found: "
              + found);
    }
    if (columns[TicketField.SUBJECT.ordinal()] == ColumnMatcher.NOT_FOUND
        && columns[TicketField.BODY.ordinal()] == ColumnMatcher.NOT_FOUND) {
      throw new ImportException(
          "no subject or body column in the CSV header; headers found: " + found);
    }
    return columns;
  }
}
