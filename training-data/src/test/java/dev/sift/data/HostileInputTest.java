package dev.sift.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.sift.data.ImportReport.SkippedRow;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile history files: what the importer must do with input built to break it. The fuzz loop is
 * seeded ({@link #SEED}), so a failure replays exactly.
 */
class HostileInputTest {

  /** The seed of every fuzz loop here; docs/api.md names it. */
  static final long SEED = 0x51F7_4057_1E00L;

  private static final int MUTANTS = 400;

  private static final String CSV =
      """
      id,subject,body,category,createdAt,resolvedAt
      T-1,VPN down,"cannot reach ""drives""
      since Monday",Network,2026-05-01T09:00:00Z,2026-05-01T10:00:00Z
      T-2,Printer jam,paper stuck,Hardware,2026-05-02,2026-05-03
      """;
  private static final String NDJSON =
      """
      {"id":"T-1","subject":"VPN down","body":"cannot reach drives","category":"Network","createdAt":"2026-05-01"}
      {"id":"T-2","subject":"Printer jam","category":["not","a","string"]}
      """;

  @Test
  void skips_a_row_whose_id_is_too_long_to_be_an_index_key() {
    String longId = "\u20AC".repeat(Ticket.MAX_ID_CHARS + 1);
    String csv = "id,subject\n" + longId + ",too long\nT-2,fits\n";

    Imports result = Imports.read(Imports.csv("id=id,subject=subject"), csv);

    assertThat(result.tickets()).extracting(Ticket::id).containsExactly("T-2");
    assertThat(result.report().skippedRows())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.line()).isEqualTo(2);
              assertThat(row.reason())
                  .contains("has 513 chars, more than the limit of " + Ticket.MAX_ID_CHARS);
            });
  }

  @Test
  void skips_an_ndjson_row_with_a_field_past_the_limit_as_a_csv_row_is() {
    String ndjson =
        "{\"id\":\"T-1\",\"subject\":\""
            + "s".repeat(Ticket.MAX_FIELD_CHARS + 1)
            + "\"}\n"
            + "{\"id\":\"T-2\",\"subject\":\""
            + "s".repeat(Ticket.MAX_FIELD_CHARS)
            + "\"}\n";

    Imports result =
        Imports.read(
            TicketReader.builder()
                .mapping(ColumnMapping.parse("id=id,subject=subject"))
                .format(TicketReader.Format.NDJSON)
                .build(),
            ndjson);

    assertThat(result.tickets()).extracting(Ticket::id).containsExactly("T-2");
    assertThat(result.report().skippedRows())
        .extracting(SkippedRow::line, SkippedRow::reason)
        .containsExactly(
            tuple(1L, "key 'subject' (for subject) is longer than the limit of 65536 chars"));
  }

  /**
   * The rule live upserts apply too: a stored id must be one a URL path can carry, or it could not
   * be erased.
   */
  @Test
  void skips_a_row_whose_id_no_url_could_carry() {
    String ndjson =
        """
        {"id":"INC/2024/1","subject":"slash"}
        {"id":"INC\\\\2024","subject":"backslash"}
        {"id":"a\\u0007b","subject":"bell"}
        {"id":"..","subject":"dots"}
        {"id":" Cafe\\u0301-9 ","subject":"decomposed and padded"}
        """;

    Imports result =
        Imports.read(
            TicketReader.builder()
                .mapping(ColumnMapping.parse("id=id,subject=subject"))
                .format(TicketReader.Format.NDJSON)
                .build(),
            ndjson);

    assertThat(result.tickets()).extracting(Ticket::id).containsExactly("Caf\u00e9-9");
    assertThat(result.report().skippedRows())
        .extracting(SkippedRow::reason)
        .containsExactly(
            "id 'INC/2024/1' contains '/' (ids are " + Ticket.ID_RULE + ")",
            "id 'INC\\2024' contains '\\' (ids are " + Ticket.ID_RULE + ")",
            "id 'ab' contains the control character U+0007 (ids are " + Ticket.ID_RULE + ")",
            "id '..' is '..', which a URL path cannot carry (ids are " + Ticket.ID_RULE + ")");
  }

  @Test
  void skips_a_row_dated_beyond_year_9999() {
    String csv =
        "id,subject,createdAt\nT-1,far future,+1000000-01-01T00:00:00Z\nT-2,fine,9999-12-31\n";

    Imports result = Imports.read(Imports.csv("id=id,subject=subject,createdAt=createdAt"), csv);

    assertThat(result.tickets()).extracting(Ticket::id).containsExactly("T-2");
    assertThat(result.report().skippedRows())
        .extracting(SkippedRow::line, SkippedRow::reason)
        .containsExactly(
            tuple(
                2L,
                "createdAt +1000000-01-01T00:00:00Z in column 'createdAt' is outside years 1 to 9999"));
  }

  @Test
  void a_ticket_refuses_an_over_long_id_or_an_out_of_range_date() {
    assertThatThrownBy(
            () -> Ticket.builder("x".repeat(Ticket.MAX_ID_CHARS + 1)).subject("s").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than the limit");
    assertThatThrownBy(() -> Ticket.builder("T-1").subject("s").createdAt(Instant.MAX).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside years 1 to 9999");
    assertThat(
            Ticket.builder("x".repeat(Ticket.MAX_ID_CHARS))
                .subject("s")
                .createdAt(Ticket.LATEST_INSTANT)
                .resolvedAt(Ticket.LATEST_INSTANT)
                .build()
                .id())
        .hasSize(Ticket.MAX_ID_CHARS);
  }

  @Test
  void malformed_utf8_nul_and_lone_surrogates_never_reach_a_ticket() {
    byte[] csv =
        bytes(
            "id,subject,body\nT-1,a",
            new byte[] {(byte) 0xC0, (byte) 0x80},
            "b", // overlong NUL
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            "c", // a surrogate encoded in UTF-8
            new byte[] {(byte) 0xFF, 0},
            "d,", // an impossible byte and a raw NUL
            new byte[] {(byte) 0xE2, (byte) 0x82},
            "\n"); // a sequence cut short

    Imports result = Imports.read(Imports.csv("id=id,subject=subject,body=body"), csv);

    assertThat(result.tickets())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.subject())
                  .startsWith("a")
                  .endsWith("d")
                  .contains("\uFFFD")
                  .doesNotContain("\u0000");
              assertClean(t);
            });
  }

  @Test
  void an_unbalanced_quote_costs_one_row_not_the_rest_of_the_file() {
    String csv = "id,subject\nT-1,\"never closed\nT-2,fine\nT-3,also fine\n";

    Imports result = Imports.read(Imports.csv("id=id,subject=subject"), csv);

    assertThat(result.tickets()).extracting(Ticket::id).containsExactly("T-2", "T-3");
    assertThat(result.report().skippedRows()).extracting(SkippedRow::line).containsExactly(2L);
  }

  @Test
  void seeded_mutations_of_a_csv_file_never_fail_except_as_an_import_exception() {
    fuzz(CSV.getBytes(StandardCharsets.UTF_8), TicketReader.Format.CSV);
  }

  @Test
  void seeded_mutations_of_an_ndjson_file_never_fail_except_as_an_import_exception() {
    fuzz(NDJSON.getBytes(StandardCharsets.UTF_8), TicketReader.Format.NDJSON);
  }

  /**
   * Each mutant either imports (every ticket well formed, every row counted) or fails as a whole
   * with an {@link ImportException}; nothing else may escape.
   */
  private static void fuzz(byte[] valid, TicketReader.Format format) {
    Random random = new Random(SEED);
    TicketReader reader =
        TicketReader.builder().mapping(ColumnMapping.identity()).format(format).build();
    int imported = 0;
    long turnedDown = 0;
    for (int i = 0; i < MUTANTS; i++) {
      byte[] mutant = Mutations.mutate(valid, random);
      try {
        Imports result = Imports.read(reader, mutant);
        result.tickets().forEach(HostileInputTest::assertClean);
        assertThat(result.report().imported() + result.report().skipped())
            .as("mutant %d", i)
            .isEqualTo(result.report().rowsRead());
        imported += result.tickets().size();
        turnedDown += result.report().skipped();
      } catch (ImportException e) {
        assertThat(e.getMessage()).as("mutant %d", i).isNotBlank();
        turnedDown++;
      }
    }
    // The loop must exercise both outcomes (whole-file refusals or skipped rows), or it tests
    // nothing.
    assertThat(imported).isPositive();
    assertThat(turnedDown).isPositive();
  }

  private static void assertClean(Ticket t) {
    assertThat(t.id()).isNotBlank().hasSizeLessThanOrEqualTo(Ticket.MAX_ID_CHARS);
    for (String text : new String[] {t.id(), t.subject(), t.body(), t.category()}) {
      if (text == null) {
        continue;
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        assertThat(c < 0x20 && c != '\n' && c != '\t')
            .as("control char %d in %s", (int) c, t.id())
            .isFalse();
        if (Character.isHighSurrogate(c)) {
          assertThat(i + 1 < text.length() && Character.isLowSurrogate(text.charAt(++i))).isTrue();
        } else {
          assertThat(Character.isLowSurrogate(c)).as("lone low surrogate in %s", t.id()).isFalse();
        }
      }
    }
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      out.writeBytes(
          part instanceof byte[] b ? b : ((String) part).getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
