package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sift.index.lucene.RetainedText;
import dev.sift.service.Http.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An erasure request: after the DELETE, no file under the data directory holds the ticket's text or
 * requester, not the index's segment files and not the incident window, and no triage returns it.
 */
@TestPropertySource(properties = "sift.index.purge-delay=0s")
class ForgettingIT extends RunningService {

  /** Appears only in the erased ticket. */
  private static final String MARKER = "Quillfeather";

  private static final int FILLER = 12;

  @Test
  void an_erased_ticket_leaves_every_file_under_the_data_directory() throws Exception {
    List<Map<String, Object>> tickets =
        new ArrayList<>(
            List.of(
                Map.of(
                    "id",
                    "E-1",
                    "subject",
                    "Outlook will not open for Zebedee " + MARKER,
                    "body",
                    "Call me on the desk phone, Zebedee " + MARKER,
                    "requester",
                    "zebedee." + MARKER.toLowerCase() + "@example.org",
                    "category",
                    "Email"),
                Map.of(
                    "id",
                    "E-2",
                    "subject",
                    "Outlook will not open",
                    "requester",
                    "ann@example.org",
                    "category",
                    "Email"),
                Map.of(
                    "id",
                    "E-3",
                    "subject",
                    "Outlook does not start",
                    "requester",
                    "bo@example.org",
                    "category",
                    "Email")));
    // Enough others in the same segment that Lucene would not rewrite it by itself for one delete.
    for (int i = 0; i < FILLER; i++) {
      tickets.add(
          Map.of("id", "F-" + i, "subject", "Printer jams on floor " + i, "category", "Hardware"));
    }
    assertThat(http.postJson("/v1/tenants/erase-co/tickets", tickets).status()).isEqualTo(201);
    // The control: the text is in the index and, once the window is written behind, in the incident
    // state.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                filesContaining(MARKER).stream()
                    .anyMatch(f -> f.startsWith(dataDir.resolve("incidents"))));
    assertThat(RetainedText.find(tenantIndex("erase-co"), MARKER)).isNotEmpty();

    Reply deleted = http.delete("/v1/tenants/erase-co/tickets/E-1");

    assertThat(deleted.status()).isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              assertThat(RetainedText.find(tenantIndex("erase-co"), MARKER)).isEmpty();
              assertThat(RetainedText.find(tenantIndex("erase-co"), "zebedee")).isEmpty();
              assertThat(filesContaining(MARKER)).isEmpty();
              assertThat(filesContaining("zebedee")).isEmpty();
            });
    JsonNode triage =
        http.postJson(
                "/v1/tenants/erase-co/triage",
                Map.of("subject", "Outlook will not open for Zebedee " + MARKER))
            .json();
    assertThat(triage.path("neighbours").findValuesAsString("ticketId"))
        .doesNotContain("E-1")
        .isNotEmpty();
    http.get("/v1/tenants/erase-co/tickets/E-1")
        .assertProblem(404, "unknown-ticket", "/v1/tenants/erase-co/tickets/E-1");
  }

  @Test
  void a_triaged_ticket_that_was_never_stored_can_be_erased_from_the_incident_window() {
    assertThat(
            http.postJson(
                    "/v1/tenants/window-co/tickets",
                    List.of(
                        Map.of("id", "W-1", "subject", "VPN drops at home", "category", "Network")))
                .status())
        .isEqualTo(201);
    Reply triage =
        http.postJson(
            "/v1/tenants/window-co/triage",
            Map.of(
                "id",
                "W-9",
                "subject",
                "VPN drops for Ottoline " + MARKER + "ski",
                "requester",
                "ottoline@example.org"));
    assertThat(triage.status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> !filesContaining("Ottoline").isEmpty());

    assertThat(http.delete("/v1/tenants/window-co/tickets/W-9").status()).isEqualTo(204);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(filesContaining("Ottoline")).isEmpty());
    http.delete("/v1/tenants/window-co/tickets/W-9")
        .assertProblem(404, "unknown-ticket", "/v1/tenants/window-co/tickets/W-9");
  }

  private static Path tenantIndex(String tenant) {
    return dataDir.resolve("index").resolve(tenant);
  }

  /**
   * Files under the data directory whose raw bytes contain the text. Lucene compresses stored
   * fields, so the index is searched with {@link RetainedText} as well.
   */
  private static List<Path> filesContaining(String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dataDir)) {
      return files.filter(Files::isRegularFile).filter(f -> contains(read(f), needle)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      return new byte[0]; // replaced or merged away while walking
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
