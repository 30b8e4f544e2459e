package dev.sift.evaluation;

import dev.sift.data.ColumnMapping;
import dev.sift.data.ImportReport;
import dev.sift.data.ReadResult;
import dev.sift.data.TicketReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the export named by {@code --data}, with {@code --map} and {@code --date-format} as the
 * import has them.
 */
public final class Exports {

  /**
   * More skipped rows than this share means the mapping or date format is wrong, not a few bad
   * rows.
   */
  private static final double MAX_SKIPPED_SHARE = 0.01;

  private Exports() {}

  /** Reads the export as it is, skipped rows and all. */
  public static ReadResult read(Map<String, String> o) throws IOException {
    TicketReader.Builder b =
        TicketReader.builder()
            .mapping(
                o.containsKey("map")
                    ? ColumnMapping.parse(o.get("map"))
                    : ColumnMapping.identity());
    if (o.containsKey("date-format")) {
      b.dateFormat(o.get("date-format"));
    }
    return b.build().readAll(Path.of(o.get("data")));
  }

  /**
   * Reads the export, stopping on a missing file, no tickets or too many bad rows; warns about a
   * few.
   */
  public static ReadResult readChecked(Map<String, String> o, PrintStream err) throws IOException {
    Path file = Path.of(o.get("data"));
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("--data " + file + " is not a readable file");
    }
    ReadResult data = read(o);
    ImportReport r = data.report();
    String firstSkip =
        r.skippedRows().isEmpty()
            ? ""
            : "; first skipped: line "
                + r.skippedRows().getFirst().line()
                + ": "
                + r.skippedRows().getFirst().reason();
    if (data.tickets().isEmpty()) {
      throw new BadInputException("no tickets in " + file + " (" + r.summary() + firstSkip + ")");
    }
    if (r.skipped() > MAX_SKIPPED_SHARE * r.rowsRead()) {
      throw new BadInputException(
          "too many bad rows in "
              + file
              + ": "
              + r.summary()
              + firstSkip
              + "; check --map and --date-format");
    }
    if (r.skipped() > 0) {
      err.println("warning: " + r.summary() + firstSkip);
    }
    return data;
  }
}
