package dev.sift.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sift.data.ImportReport.SkippedRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonReadingTest {

  private static final ColumnMapping MAPPING =
      ColumnMapping.parse(
          "id=number,subject=short_description,body=description,priority=Priority,createdAt=opened");

  private static final ColumnMapping NO_ID = ColumnMapping.parse("subject=short_description");

  private static TicketReader reader() {
    return TicketReader.builder().mapping(MAPPING).format(TicketReader.Format.NDJSON).build();
  }

  @Test
  void reads_objects_with_string_and_number_values_and_ignores_blank_lines() {
    String ndjson =
        "{\"number\":\"INC001\",\"short_description\":\"VPN down\",\"priority\":\" 2  - High \","
            + "\"opened\":\"2024-01-02T03:04:05Z\",\"extra\":{\"nested\":true}}\r\n"
            + "\n   \n"
            + "{\"number\":42,\"description\":\"Line1\\r\\nLine2\",\"priority\":3,\"opened\":null}\n";

    Imports result = Imports.read(reader(), ndjson);

    assertThat(result.report().skippedRows()).isEmpty();
    assertThat(result.tickets())
        .extracting(Ticket::id, Ticket::subject, Ticket::body, Ticket::priority)
        .containsExactly(
            tuple("INC001", "VPN down", null, "2 - High"), tuple("42", null, "Line1\nLine2", "3"));
    assertThat(result.ticket("INC001").createdAt())
        .isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
    assertThat(result.report().rowsRead()).isEqualTo(2);
  }

  @Test
  void skips_invalid_json_non_objects_and_nested_values_with_line_numbers() {
    String ndjson =
        "{\"number\":\"1\",\"short_description\":\"ok\"}\n"
            + "{\"number\":\"2\",\"short_description\":\"cut off\"\n"
            + "\n"
            + "[1,2]\n"
            + "{\"number\":\"3\",\"short_description\":{\"text\":\"nested\"}}\n"
            + "{\"number\":\"4\",\"short_description\":\"trailing\"} junk\n"
            + "{\"number\":\"5\",\"description\":[\"a\"]}\n"
            + "{\"number\":\"6\",\"priority\":\"P1\"}\n"
            + "{\"NUMBER\":\"7\",\"Short_Description\":\"case differs\"}\n";

    Imports result = Imports.read(reader(), ndjson);

    assertThat(result.tickets())
        .extracting(Ticket::id, Ticket::subject)
        .containsExactly(tuple("1", "ok"), tuple("7", "case differs"));
    assertThat(result.report().skippedRows())
        .extracting(SkippedRow::line)
        .containsExactly(2L, 4L, 5L, 6L, 7L, 8L);
    assertThat(result.report().skippedRows())
        .extracting(SkippedRow::reason)
        .satisfiesExactly(
            r -> assertThat(r).startsWith("invalid JSON: "),
            r -> assertThat(r).isEqualTo("line is JSON array, not an object"),
            r ->
                assertThat(r)
                    .isEqualTo(
                        "key 'short_description' (for subject) holds an object, not a string or number"),
            r -> assertThat(r).startsWith("invalid JSON: "),
            r ->
                assertThat(r)
                    .isEqualTo(
                        "key 'description' (for body) holds an array, not a string or number"),
            r -> assertThat(r).isEqualTo("no subject and no body"));
    assertThat(result.report().rowsRead()).isEqualTo(8);
  }

  @Test
  void skips_lines_over_the_record_limit() {
    String ndjson =
        "{\"short_description\":\"" + "x".repeat(200) + "\"}\n{\"short_description\":\"short\"}\n";
    TicketReader reader =
        TicketReader.builder()
            .mapping(NO_ID)
            .format(TicketReader.Format.NDJSON)
            .maxRecordChars(100)
            .build();

    Imports result = Imports.read(reader, ndjson);

    assertThat(result.tickets()).extracting(Ticket::subject).containsExactly("short");
    assertThat(result.report().skippedRows())
        .containsExactly(
            new SkippedRow(1, "line is longer than the record length limit of 100 chars"));
  }

  @Test
  void auto_format_goes_by_extension_then_by_first_byte(@TempDir Path dir) throws IOException {
    String ndjson = "\uFEFF  {\"short_description\":\"from json\"}\n";
    String csv = "short_description\nfrom csv\n";
    Path jsonl = Files.writeString(dir.resolve("tickets.jsonl"), ndjson, StandardCharsets.UTF_8);
    Path unnamed = Files.writeString(dir.resolve("tickets.export"), ndjson, StandardCharsets.UTF_8);
    Path csvFile = Files.writeString(dir.resolve("tickets.csv"), csv, StandardCharsets.UTF_8);
    TicketReader auto = TicketReader.builder().mapping(NO_ID).build();

    assertThat(auto.readAll(jsonl).tickets())
        .extracting(Ticket::subject)
        .containsExactly("from json");
    assertThat(auto.readAll(unnamed).tickets())
        .extracting(Ticket::subject)
        .containsExactly("from json");
    assertThat(auto.readAll(csvFile).tickets())
        .extracting(Ticket::subject)
        .containsExactly("from csv");
    assertThat(Imports.read(auto, ndjson).tickets())
        .extracting(Ticket::subject)
        .containsExactly("from json");
    assertThat(Imports.read(auto, csv).tickets())
        .extracting(Ticket::subject)
        .containsExactly("from csv");
  }
}
