package dev.sift.data;

import java.util.List;

/**
 * The outcome of one import. Every data record read is either imported or skipped, so {@code
 * imported + skipped == rowsRead}. Blank lines are not records.
 *
 * @param rowsRead data records read (the header is not counted)
 * @param imported tickets handed to the sink
 * @param skipped all skipped records, including those beyond the stored list
 * @param skippedRows the first {@link #MAX_STORED_SKIPPED} skipped records, in file order
 */
public record ImportReport(
    long rowsRead, long imported, long skipped, List<SkippedRow> skippedRows) {

  /** How many skipped rows are kept with their reason; the count goes on beyond it. */
  public static final int MAX_STORED_SKIPPED = 1_000;

  public ImportReport {
    skippedRows = List.copyOf(skippedRows);
  }

  /**
   * One record that was not imported.
   *
   * @param line the 1-based physical line the record starts on; the header is line 1
   * @param reason why it was skipped, naming the column and value where there is one
   */
  public record SkippedRow(long line, String reason) {}

  /** Whether more rows were skipped than {@link #skippedRows()} lists. */
  public boolean skippedListTruncated() {
    return skipped > skippedRows.size();
  }

  /** One line for logs, e.g. {@code read 2503 rows: 2500 imported, 3 skipped}. */
  public String summary() {
    return "read " + rowsRead + " rows: " + imported + " imported, " + skipped + " skipped";
  }
}
