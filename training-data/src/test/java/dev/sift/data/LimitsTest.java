package dev.sift.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sift.data.ImportReport.SkippedRow;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LimitsTest {

  private static final String MAPPING = "subject=Summary,body=Description";

  @Test
  void skips_a_field_over_the_default_length_limit_and_reads_on() {
    String longBody = "x".repeat(TicketReader.DEFAULT_MAX_FIELD_CHARS + 1);
    String csv =
        "Summary,Description\n"
            + "too long,\""
            + longBody
            + "\"\n"
            + "fits,\""
            + "y".repeat(TicketReader.DEFAULT_MAX_FIELD_CHARS)
            + "\"\n";

    Imports result = Imports.read(Imports.csv(MAPPING), csv);

    assertThat(result.tickets()).extracting(Ticket::subject).containsExactly("fits");
    assertThat(result.report().skippedRows())
        .containsExactly(new SkippedRow(2, "field 2 is longer than the limit of 65536 chars"));
  }

  @Test
  void honours_limits_set_on_the_builder() {
    String csv = "S,D\nabcdef,x\nabc,y\na,b,c\n";
    TicketReader reader =
        TicketReader.builder()
            .mapping(ColumnMapping.parse("subject=S,body=D"))
            .maxFieldChars(5)
            .maxColumns(2)
            .build();

    Imports result = Imports.read(reader, csv);

    assertThat(result.tickets()).extracting(Ticket::subject).containsExactly("abc");
    assertThat(result.report().skippedRows())
        .extracting(SkippedRow::line, SkippedRow::reason)
        .containsExactly(
            tuple(2L, "field 1 is longer than the limit of 5 chars"),
            tuple(4L, "record has 3 fields, more than the limit of 2"));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void rejects_a_row_with_a_million_columns_without_storing_them() {
    int columns = 1_000_000;
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    // "x," per column is 2M chars, past the record limit; raise it so the column limit is what
    // trips
    TicketReader reader =
        TicketReader.builder()
            .mapping(ColumnMapping.parse(MAPPING))
            .format(TicketReader.Format.CSV)
            .maxRecordChars(4 * columns)
            .build();
    List<Ticket> tickets = new ArrayList<>();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();

    ImportReport report = reader.read(new WideRowStream(columns), tickets::add);

    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    assertThat(report.skippedRows())
        .containsExactly(
            new SkippedRow(2, "record has 1000000 fields, more than the limit of 1024"));
    assertThat(tickets).extracting(Ticket::subject).containsExactly("after");
    // a million one-char strings and their list would take well over 40 MB
    assertThat(allocated).isLessThan(8L * 1024 * 1024);
  }

  @Test
  void an_unbalanced_quote_at_the_end_skips_its_line_and_rereads_the_lines_it_swallowed() {
    String csv =
        "Summary,Description\n"
            + "ok,fine\n"
            + "broken,\"never closed\n"
            + "next,row\n"
            + "last,row\n";

    Imports result = Imports.read(Imports.csv(MAPPING), csv);

    assertThat(result.tickets()).extracting(Ticket::subject).containsExactly("ok", "next", "last");
    assertThat(result.report().skippedRows())
        .containsExactly(
            new SkippedRow(
                3,
                "unbalanced quote: the quoted field opened on line 3 never closes before the end of the input;"
                    + " resumed reading on line 4"));
  }

  @Test
  void an_unbalanced_quote_on_the_last_line_is_one_skipped_row() {
    String csv = "Summary,Description\nok,fine\nbroken,\"never closed";

    Imports result = Imports.read(Imports.csv(MAPPING), csv);

    assertThat(result.tickets()).extracting(Ticket::subject).containsExactly("ok");
    assertThat(result.report().skippedRows())
        .containsExactly(
            new SkippedRow(
                3,
                "unbalanced quote: the quoted field opened on line 3 never closes before the end of the input"));
  }

  @Test
  void a_stray_quote_costs_one_line_once_the_record_limit_is_reached() {
    StringBuilder csv = new StringBuilder("Summary,Description\nstray,\"oops\n");
    for (int i = 0; i < 200; i++) {
      csv.append("row").append(i).append(",body\n");
    }
    TicketReader reader =
        TicketReader.builder().mapping(ColumnMapping.parse(MAPPING)).maxRecordChars(100).build();

    Imports result = Imports.read(reader, csv.toString());

    assertThat(result.tickets()).hasSize(200);
    assertThat(result.tickets().getFirst().subject()).isEqualTo("row0");
    assertThat(result.report().skippedRows())
        .containsExactly(
            new SkippedRow(
                2,
                "unbalanced quote: the quoted field opened on line 2 is still open at the record length limit of 100"
                    + " chars; resumed reading on line 3"));
  }

  @Test
  void skips_an_over_long_unquoted_record_and_keeps_line_numbers() {
    String csv =
        "Summary,Description\n" + "a".repeat(60) + "," + "b".repeat(60) + "\nshort,one\nbad\n";
    TicketReader reader =
        TicketReader.builder().mapping(ColumnMapping.parse(MAPPING)).maxRecordChars(100).build();

    Imports result = Imports.read(reader, csv);

    assertThat(result.tickets()).extracting(Ticket::subject).containsExactly("short");
    assertThat(result.report().skippedRows())
        .containsExactly(
            new SkippedRow(2, "record is longer than the record length limit of 100 chars"),
            new SkippedRow(4, "record has 1 fields but the header has 2"));
  }

  /** A header, one row of {@code columns} fields produced on the fly, then one good row. */
  private static final class WideRowStream extends InputStream {
    private static final byte[] HEAD = "Summary,Description\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TAIL = "\nafter,row\n".getBytes(StandardCharsets.UTF_8);
    private final long wideBytes;
    private long pos;

    WideRowStream(int columns) {
      this.wideBytes = 2L * columns - 1;
    }

    @Override
    public int read() {
      long total = HEAD.length + wideBytes + TAIL.length;
      if (pos >= total) {
        return -1;
      }
      long p = pos++;
      if (p < HEAD.length) {
        return HEAD[(int) p];
      }
      p -= HEAD.length;
      if (p < wideBytes) {
        return p % 2 == 0 ? 'x' : ',';
      }
      return TAIL[(int) (p - wideBytes)];
    }

    @Override
    public int read(byte[] b, int off, int len) {
      int n = 0;
      for (int c; n < len && (c = read()) != -1; n++) {
        b[off + n] = (byte) c;
      }
      return n == 0 && len > 0 ? -1 : n;
    }
  }
}
