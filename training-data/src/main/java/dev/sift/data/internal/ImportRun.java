package dev.sift.data.internal;

import dev.sift.data.ImportReport;
import dev.sift.data.ImportReport.SkippedRow;
import dev.sift.data.Ticket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** Counts one import's rows, hands tickets to the sink and remembers why rows were skipped. */
public final class ImportRun {

  // Often enough for a progress bar, rarely enough to cost nothing.
  private static final long PROGRESS_EVERY_ROWS = 1_000;
  private static final int FIELD_COUNT = TicketField.values().length;

  private final RowMapper mapper;
  private final Consumer<Ticket> sink;
  private final LongConsumer progress;
  private final List<SkippedRow> skippedRows = new ArrayList<>();
  private long rowsRead;
  private long imported;
  private long skipped;

  public ImportRun(RowMapper mapper, Consumer<Ticket> sink, LongConsumer progress) {
    this.mapper = mapper;
    this.sink = sink;
    this.progress = progress;
  }

  public static String[] emptyRow() {
    return new String[FIELD_COUNT];
  }

  /**
   * A well-formed record whose mapped values are in {@code raw}, indexed by {@link
   * TicketField#ordinal()}.
   */
  public void row(long line, String[] raw) {
    rowsRead++;
    RowMapper.Outcome outcome = mapper.map(raw, rowsRead);
    if (outcome.ticket() != null) {
      imported++;
      sink.accept(outcome.ticket());
    } else {
      recordSkip(line, outcome.rejection());
    }
    tick();
  }

  /** A record that could not even be split into values. */
  public void reject(long line, String reason) {
    rowsRead++;
    recordSkip(line, reason);
    tick();
  }

  public ImportReport finish() {
    progress.accept(rowsRead);
    return new ImportReport(rowsRead, imported, skipped, skippedRows);
  }

  private void recordSkip(long line, String reason) {
    skipped++;
    if (skippedRows.size() < ImportReport.MAX_STORED_SKIPPED) {
      skippedRows.add(new SkippedRow(line, reason));
    }
  }

  private void tick() {
    if (rowsRead % PROGRESS_EVERY_ROWS == 0) {
      progress.accept(rowsRead);
    }
  }
}
