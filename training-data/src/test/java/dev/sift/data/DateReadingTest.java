package dev.sift.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.data.ImportReport.SkippedRow;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DateReadingTest {

  private static final ColumnMapping MAPPING =
      ColumnMapping.parse("id=Issue id,subject=Summary,createdAt=Created,resolvedAt=Resolved");

  @Test
  void reads_jira_style_dates_with_english_month_abbreviations() {
    String csv =
        "Summary,Issue id,Created,Resolved\n"
            + "JAR conflict,13404344,30/Sep/21 17:20,20/Jul/22 20:51\n"
            + "Open issue,13400058,08/sep/21 17:46,\n";
    TicketReader reader =
        TicketReader.builder().mapping(MAPPING).dateFormat("dd/MMM/yy HH:mm").build();

    Imports result = Imports.read(reader, csv);

    assertThat(result.ticket("13404344").createdAt())
        .isEqualTo(Instant.parse("2021-09-30T17:20:00Z"));
    assertThat(result.ticket("13404344").resolvedAt())
        .isEqualTo(Instant.parse("2022-07-20T20:51:00Z"));
    assertThat(result.ticket("13400058").createdAt())
        .isEqualTo(Instant.parse("2021-09-08T17:46:00Z"));
    assertThat(result.ticket("13400058").resolvedAt()).isNull();
  }

  @Test
  void reads_local_times_in_the_configured_zone() {
    String csv = "Summary,Issue id,Created,Resolved\nx,1,30/Sep/21 17:20,\n";
    TicketReader reader =
        TicketReader.builder()
            .mapping(MAPPING)
            .dateFormat("dd/MMM/yy HH:mm")
            .zone(ZoneId.of("Europe/Berlin"))
            .build();

    assertThat(Imports.read(reader, csv).ticket("1").createdAt())
        .isEqualTo(Instant.parse("2021-09-30T15:20:00Z"));
  }

  @Test
  void reads_every_iso_8601_form_by_default() {
    String csv =
        "Summary,Issue id,Created,Resolved\n"
            + "a,instant,2021-09-30T17:20:00Z,2021-10-01T00:00:00.5Z\n"
            + "b,offset,2021-09-30T19:20+02:00,\n"
            + "c,local,2021-09-30T17:20:00,\n"
            + "d,space,2021-09-30 17:20,\n"
            + "e,date,2021-09-30,\n";
    TicketReader reader = TicketReader.builder().mapping(MAPPING).build();

    Imports result = Imports.read(reader, csv);

    Instant expected = Instant.parse("2021-09-30T17:20:00Z");
    assertThat(result.report().skippedRows()).isEmpty();
    assertThat(result.ticket("instant").createdAt()).isEqualTo(expected);
    assertThat(result.ticket("instant").resolvedAt())
        .isEqualTo(Instant.parse("2021-10-01T00:00:00.5Z"));
    assertThat(result.ticket("offset").createdAt()).isEqualTo(expected);
    assertThat(result.ticket("local").createdAt()).isEqualTo(expected);
    assertThat(result.ticket("space").createdAt()).isEqualTo(expected);
    assertThat(result.ticket("date").createdAt()).isEqualTo(Instant.parse("2021-09-30T00:00:00Z"));
  }

  @Test
  void skips_unparseable_dates_naming_column_value_and_pattern() {
    String csv = "Summary,Issue id,Created,Resolved\nx,1,31/Foo/21 10:00,\ny,2,2021-13-01,\n";
    TicketReader custom =
        TicketReader.builder().mapping(MAPPING).dateFormat("dd/MMM/yy HH:mm").build();
    TicketReader iso = TicketReader.builder().mapping(MAPPING).build();

    assertThat(Imports.read(custom, csv).report().skippedRows())
        .first()
        .isEqualTo(
            new SkippedRow(
                2,
                "unparseable createdAt in column 'Created': '31/Foo/21 10:00' (expected pattern dd/MMM/yy HH:mm)"));
    assertThat(Imports.read(iso, csv).report().skippedRows())
        .element(1)
        .satisfies(row -> assertThat(row.line()).isEqualTo(3))
        .satisfies(
            row ->
                assertThat(row.reason())
                    .startsWith(
                        "unparseable createdAt in column 'Created': '2021-13-01' (expected ISO-8601"));
  }

  @Test
  void skips_rows_resolved_before_they_were_created() {
    String csv =
        "Summary,Issue id,Created,Resolved\nx,1,2021-09-30T10:00Z,2021-09-29T10:00Z\ny,2,2021-09-30,\n";

    Imports result = Imports.read(TicketReader.builder().mapping(MAPPING).build(), csv);

    assertThat(result.tickets()).extracting(Ticket::id).containsExactly("2");
    assertThat(result.report().skippedRows())
        .containsExactly(
            new SkippedRow(
                2, "resolvedAt 2021-09-29T10:00:00Z is before createdAt 2021-09-30T10:00:00Z"));
  }

  @Test
  void rejects_an_invalid_pattern_when_building() {
    assertThatThrownBy(
            () -> TicketReader.builder().mapping(MAPPING).dateFormat("dd/MMM/yy {").build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
