package dev.sift.service.connectors;

import static dev.sift.service.system.ProblemType.INVALID_TICKET;
import static dev.sift.service.system.ProblemType.MALFORMED_BODY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.service.system.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The recorded webhook payloads read as the tickets they announce. */
class PayloadsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = new ClassPathResource("connectors/" + name).getInputStream()) {
      return JSON.readTree(in);
    }
  }

  @Test
  void a_zammad_webhook_gives_the_ticket_id_for_the_api_and_the_number_for_sift()
      throws IOException {
    InboundTicket ticket = Payloads.zammad(fixture("zammad-ticket-created.json"));

    assertThat(ticket.platformId()).isEqualTo("81");
    assertThat(ticket.siftId()).isEqualTo("31081");
    assertThat(ticket.subject()).isEqualTo("VPN connects but network drives are missing");
    assertThat(ticket.body()).contains("mapped drives show a red cross");
    assertThat(ticket.requester()).isEqualTo("olivia.hughes@acme.example");
    assertThat(ticket.client()).isEqualTo("Leeds Office");
    assertThat(ticket.createdAt()).isEqualTo(Instant.parse("2026-06-01T08:02:11.282Z"));
  }

  @Test
  void zammad_customer_and_organization_may_also_come_as_plain_names() {
    JsonNode root =
        JSON.readTree(
            """
        {"ticket": {"id": 5, "title": "Printer jam", "customer": "nils@acme.example", "organization": "HQ"}}""");

    InboundTicket ticket = Payloads.zammad(root);

    assertThat(ticket.siftId()).isEqualTo("5");
    assertThat(ticket.requester()).isEqualTo("nils@acme.example");
    assertThat(ticket.client()).isEqualTo("HQ");
  }

  @Test
  void a_jira_issue_created_event_gives_the_issue_key_summary_description_and_reporter()
      throws IOException {
    JsonNode root = fixture("jira-issue-created.json");

    InboundTicket ticket = Payloads.jira(root);

    assertThat(Payloads.jiraEvent(root)).isEqualTo(Payloads.JIRA_ISSUE_CREATED);
    assertThat(ticket.platformId()).isEqualTo("ITSM-142");
    assertThat(ticket.siftId()).isEqualTo("ITSM-142");
    assertThat(ticket.subject()).isEqualTo("Outlook asks for my password again and again");
    assertThat(ticket.body()).startsWith("Since the update this morning Outlook");
    assertThat(ticket.requester()).isEqualTo("anna.berg@acme.example");
    assertThat(ticket.createdAt()).isEqualTo(Instant.parse("2026-06-01T08:02:11.123Z"));
  }

  @Test
  void a_jira_description_in_atlassian_document_format_is_read_as_its_text() {
    JsonNode root =
        JSON.readTree(
            """
        {"issue": {"key": "IT-1", "fields": {"summary": "VPN", "description": {"type": "doc", "version": 1,
          "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Drops every "},
                                                       {"type": "text", "text": "hour."}]},
                      {"type": "paragraph", "content": [{"type": "text", "text": "Since Monday."}]}]}}}}""");

    assertThat(Payloads.jira(root).body()).isEqualTo("Drops every hour.\nSince Monday.");
  }

  @Test
  void a_generic_payload_is_read_through_the_configured_pointers() throws IOException {
    InboundTicket ticket =
        Payloads.generic(
            fixture("generic-ticket-created.json"),
            Map.of(
                "id",
                "/ticket/display_id",
                "subject",
                "/ticket/subject",
                "body",
                "/ticket/description_text",
                "requester",
                "/ticket/requester/email",
                "client",
                "/ticket/department/name",
                "createdAt",
                "/ticket/created_at"));

    assertThat(ticket.siftId()).isEqualTo("SR-7731");
    assertThat(ticket.subject()).isEqualTo("Printer on floor 2 jams every time");
    assertThat(ticket.requester()).isEqualTo("sam.patel@acme.example");
    assertThat(ticket.client()).isEqualTo("Leeds Office");
    assertThat(ticket.createdAt()).isEqualTo(Instant.parse("2026-06-01T08:15:40Z"));
  }

  @Test
  void payloads_without_the_platforms_shape_or_any_text_are_refused_with_the_problem_type() {
    assertThatThrownBy(() -> Payloads.zammad(JSON.readTree("{\"issue\": {}}")))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.type()).isEqualTo(MALFORMED_BODY));
    assertThatThrownBy(
            () -> Payloads.jira(JSON.readTree("{\"issue\": {\"fields\": {\"summary\": \"x\"}}}")))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.type()).isEqualTo(INVALID_TICKET));
    assertThatThrownBy(
            () -> Payloads.zammad(JSON.readTree("{\"ticket\": {\"id\": 3, \"title\": \"  \"}}")))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.type()).isEqualTo(INVALID_TICKET));
    assertThatThrownBy(
            () ->
                Payloads.generic(
                    JSON.readTree("{\"s\": \"VPN\", \"at\": \"yesterday\"}"),
                    Map.of("subject", "/s", "createdAt", "/at")))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.type()).isEqualTo(INVALID_TICKET));
  }
}
