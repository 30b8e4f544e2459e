package dev.sift.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.sift.data.ImportReport.SkippedRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReadingTest {

  private static final String MAPPING =
      "id=Key,subject=Summary,body=Description,assignmentGroup=Group";

  @Test
  void reads_bom_crlf_quoted_multi_line_fields_and_doubled_quotes() {
    String csv =
        "\uFEFFKey,Summary,Description,Group\r\n"
            + "T-1,\"VPN \"\"down\"\"\",\"line one\r\nline two, with comma\r\n\",\"  Network   Ops \"\r\n"
            + "T-2,Printer,\"\",Desk\r\n";

    Imports result = Imports.read(Imports.csv(MAPPING), csv);

    assertThat(result.report().skippedRows()).isEmpty();
    assertThat(result.tickets())
        .extracting(Ticket::id, Ticket::subject, Ticket::body, Ticket::assignmentGroup)
        .containsExactly(
            tuple("T-1", "VPN \"down\"", "line one\nline two, with comma", "Network Ops"),
            tuple("T-2", "Printer", null, "Desk"));
    assertThat(result.report())
        .extracting(ImportReport::rowsRead, ImportReport::imported, ImportReport::skipped)
        .containsExactly(2L, 2L, 0L);
  }

  @Test
  void skips_rows_without_subject_or_body_and_reports_line() {
    String csv =
        "Key,Summary,Description,Group\n"
            + "T-1,Disk full,\"first\nsecond\n\nfourth\",Ops\n" // lines 2-5
            + "T-2, ,\"\",Ops\n" // line 6
            + "T-3,Mail,ok,Ops\n" // line 7
            + ",No key,x,Ops\n"; // line 8

    Imports result = Imports.read(Imports.csv(MAPPING), csv);

    assertThat(result.tickets()).extracting(Ticket::id).containsExactly("T-1", "T-3");
    assertThat(result.report().skippedRows())
        .containsExactly(
            new SkippedRow(6, "no subject and no body"),
            new SkippedRow(8, "missing id (column 'Key' is empty)"));
    assertThat(result.report().imported() + result.report().skipped())
        .isEqualTo(result.report().rowsRead());
  }

  @Test
  void skips_records_with_the_wrong_number_of_fields() {
    String csv = "Key,Summary,Description,Group\nT-1,a,b\nT-2,a,b,c,d\nT-3,a,b,c\n";

    Imports result = Imports.read(Imports.csv(MAPPING), csv);

    assertThat(result.tickets()).extracting(Ticket::id).containsExactly("T-3");
    assertThat(result.report().skippedRows())
        .containsExactly(
            new SkippedRow(2, "record has 3 fields but the header has 4"),
            new SkippedRow(3, "record has 5 fields but the header has 4"));
  }

  @Test
  void numbers_records_as_ids_when_no_id_column_is_mapped() {
    String csv = "Summary,Description\nfirst,a\n\n,\nthird,c\n";

    Imports result = Imports.read(Imports.csv("subject=Summary,body=Description"), csv);

    assertThat(result.tickets())
        .extracting(Ticket::id, Ticket::subject)
        .containsExactly(tuple("1", "first"), tuple("3", "third"));
    assertThat(result.report().skippedRows())
        .containsExactly(new SkippedRow(4, "no subject and no body"));
  }

  @Test
  void passes_on_every_duplicate_id_in_file_order() {
    String csv = "Key,Summary,Description,Group\nT-1,old,a,x\nT-1,new,b,y\n";

    Imports result = Imports.read(Imports.csv(MAPPING), csv);

    assertThat(result.tickets())
        .extracting(Ticket::id, Ticket::subject)
        .containsExactly(tuple("T-1", "old"), tuple("T-1", "new"));
  }

  @Test
  void fails_at_start_naming_missing_columns_and_listing_headers_found() {
    String csv = "\uFEFFKey,Summary,Body\nT-1,a,b\n";

    assertThatThrownBy(() -> Imports.read(Imports.csv(MAPPING), csv))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("'Description' (for body)")
        .hasMessageContaining("'Group' (for assignmentGroup)")
        .hasMessageContaining("headers found: [Key, Summary, Body]");
  }

  @Test
  void matches_headers_exactly_first_then_ignoring_case_padding_and_bom() {
    String csv = "\uFEFF key ,summary,Summary, DESCRIPTION ,group\nT-1,lower,exact,body,G\n";

    Imports result = Imports.read(Imports.csv(MAPPING), csv);

    assertThat(result.tickets())
        .extracting(Ticket::id, Ticket::subject, Ticket::body, Ticket::assignmentGroup)
        .containsExactly(tuple("T-1", "exact", "body", "G"));
  }

  @Test
  void identity_mapping_reads_the_columns_present_and_leaves_the_rest_empty() {
    String csv = "ID,Subject,priority\n7,Laptop broken,P2\n";
    TicketReader reader = TicketReader.builder().mapping(ColumnMapping.identity()).build();

    Imports result = Imports.read(reader, csv);

    assertThat(result.tickets())
        .extracting(Ticket::id, Ticket::subject, Ticket::priority, Ticket::body)
        .containsExactly(tuple("7", "Laptop broken", "P2", null));
  }

  @Test
  void identity_mapping_without_subject_or_body_columns_fails_at_start() {
    TicketReader reader = TicketReader.builder().mapping(ColumnMapping.identity()).build();

    assertThatThrownBy(() -> Imports.read(reader, "id,priority\n1,P1\n"))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("no subject or body column")
        .hasMessageContaining("[id, priority]");
  }

  @Test
  void empty_input_has_no_header_and_fails() {
    assertThatThrownBy(() -> Imports.read(Imports.csv(MAPPING), "\n\n"))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("header row is required");
  }

  @Test
  void replaces_malformed_utf8_instead_of_failing() {
    byte[] head =
        "Key,Summary,Description,Group\nT-1,caf".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xE2, (byte) 0x82};
    byte[] tail = ",body,G\nT-2,fine,x,G\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] csv = new byte[head.length + bad.length + tail.length];
    System.arraycopy(head, 0, csv, 0, head.length);
    System.arraycopy(bad, 0, csv, head.length, bad.length);
    System.arraycopy(tail, 0, csv, head.length + bad.length, tail.length);

    Imports result = Imports.read(Imports.csv(MAPPING), csv);

    assertThat(result.tickets()).extracting(Ticket::id).containsExactly("T-1", "T-2");
    assertThat(result.ticket("T-1").subject())
        .startsWith("caf\uFFFD(")
        .endsWith("\uFFFD")
        .doesNotContain("\u00e9");
  }

  @Test
  void caps_the_stored_skip_list_but_counts_every_skip() {
    StringBuilder csv = new StringBuilder("Key,Summary,Description,Group\n");
    int bad = ImportReport.MAX_STORED_SKIPPED + 500;
    for (int i = 0; i < bad; i++) {
      csv.append("K").append(i).append(",,,G\n");
    }
    csv.append("OK,subject,,G\n");

    Imports result = Imports.read(Imports.csv(MAPPING), csv.toString());

    assertThat(result.report().skipped()).isEqualTo(bad);
    assertThat(result.report().skippedRows()).hasSize(ImportReport.MAX_STORED_SKIPPED);
    assertThat(result.report().skippedListTruncated()).isTrue();
    assertThat(result.report().skippedRows().getLast().line())
        .isEqualTo(ImportReport.MAX_STORED_SKIPPED + 1);
    assertThat(result.report().imported()).isEqualTo(1);
    assertThat(result.report().rowsRead()).isEqualTo(bad + 1L);
  }

  @Test
  void reports_progress_every_thousand_rows_and_at_the_end() {
    StringBuilder csv = new StringBuilder("Summary\n");
    for (int i = 0; i < 2_500; i++) {
      csv.append("s").append(i).append('\n');
    }
    List<Long> seen = new ArrayList<>();
    TicketReader reader =
        TicketReader.builder()
            .mapping(ColumnMapping.parse("subject=Summary"))
            .progress(seen::add)
            .build();

    Imports.read(reader, csv.toString());

    assertThat(seen).containsExactly(1_000L, 2_000L, 2_500L);
  }

  @Test
  void keeps_stray_quotes_in_unquoted_fields_and_accepts_lone_cr_line_ends() {
    String csv = "Summary,Description\r5\" screen,\"quoted\"tail\r,\rlast,row";

    Imports result = Imports.read(Imports.csv("subject=Summary,body=Description"), csv);

    assertThat(result.tickets())
        .extracting(Ticket::subject, Ticket::body)
        .containsExactly(tuple("5\" screen", "quotedtail"), tuple("last", "row"));
    assertThat(result.report().skippedRows())
        .containsExactly(new SkippedRow(3, "no subject and no body"));
  }
}
