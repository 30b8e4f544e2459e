package dev.sift.service.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.engine.AnswerMethod;
import dev.sift.engine.Eta;
import dev.sift.engine.TriageResult;
import dev.sift.engine.TriageResult.Alternative;
import dev.sift.engine.TriageResult.Suggestion;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sift's suggestions mapped onto Zammad's and Jira's fields: only confident, mapped values are ever
 * written.
 */
class WriteBackPlanTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final InboundTicket ZAMMAD_TICKET =
      new InboundTicket(
          "81", "31081", "VPN drops", null, null, null, Instant.parse("2026-06-01T08:00:00Z"));
  private static final InboundTicket JIRA_TICKET =
      new InboundTicket("IT-7", "IT-7", "VPN drops", null, null, null, null);

  /**
   * Category and subcategory confident; priority and assignment group abstained; assignee without
   * any guess.
   */
  private static TriageResult result() {
    Map<String, Suggestion> suggestions = new LinkedHashMap<>();
    suggestions.put(
        "category",
        new Suggestion("Network", 0.97, false, List.of(new Alternative("Access", 0.02))));
    suggestions.put("subcategory", new Suggestion("VPN", 0.93, false, List.of()));
    suggestions.put(
        "priority",
        new Suggestion(
            null, 0.62, true, List.of(new Alternative("P2", 0.62), new Alternative("P3", 0.3))));
    suggestions.put(
        "assignmentGroup",
        new Suggestion(null, 0.55, true, List.of(new Alternative("Network Ops", 0.55))));
    suggestions.put("assignee", new Suggestion(null, 0.0, true, List.of()));
    List<TriageResult.NeighbourView> neighbours =
        List.of(
            new TriageResult.NeighbourView(
                "ACME-1", 0.91, "VPN drops", "Network", null, null, "P2", 30L, null),
            new TriageResult.NeighbourView(
                "ACME-2", 0.88, "VPN slow", "Network", null, null, "P3", 90L, null),
            new TriageResult.NeighbourView(
                "ACME-3", 0.8, "VPN cert", "Network", null, null, "P3", null, null),
            new TriageResult.NeighbourView(
                "ACME-4", 0.7, "Wifi", "Network", null, null, "P4", null, null));
    return new TriageResult(
        "acme",
        AnswerMethod.NEIGHBOURS,
        suggestions,
        new Eta(135, 1500, 2, "neighbours"),
        neighbours,
        "test",
        12,
        null,
        null,
        null);
  }

  private static ConnectorProperties.Zammad zammad(ConnectorProperties.FieldMap group) {
    return new ConnectorProperties.Zammad(
        "acme",
        URI.create("https://desk.example.com/"),
        "t",
        "s",
        false,
        true,
        group,
        null,
        List.of("category", "subcategory"));
  }

  @Test
  void zammad_gets_the_mapped_confident_group_and_tags_and_a_note_naming_the_abstained_priority() {
    WriteBackPlan plan =
        ZammadWriteBack.plan(
            zammad(
                new ConnectorProperties.FieldMap("category", Map.of("Network", "Network & VPN"))),
            ZAMMAD_TICKET,
            result(),
            JSON);

    assertThat(plan.calls())
        .extracting(WriteBackPlan.Call::toString)
        .containsExactly(
            "PUT /api/v1/tickets/81",
            "POST /api/v1/tags/add",
            "POST /api/v1/tags/add",
            "POST /api/v1/ticket_articles");
    assertThat(plan.calls().getFirst().uri())
        .hasToString("https://desk.example.com/api/v1/tickets/81");
    assertThat(body(plan, 0)).isEqualTo(JSON.readTree("{\"group\": \"Network & VPN\"}"));
    assertThat(body(plan, 1))
        .isEqualTo(JSON.readTree("{\"object\": \"Ticket\", \"o_id\": 81, \"item\": \"Network\"}"));
    assertThat(body(plan, 2).path("item").asString()).isEqualTo("VPN");
    JsonNode note = body(plan, 3);
    assertThat(note.path("internal").asBoolean()).isTrue();
    assertThat(note.path("ticket_id").asLong()).isEqualTo(81);
    assertThat(note.path("body").asString())
        .isEqualTo(
            """
        Sift triage (applied only where Sift is confident):
        - category: Network (0.97); set as group 'Network & VPN'; set as tag 'Network'
        - subcategory: VPN (0.93); set as tag 'VPN'
        - priority: Sift is unsure: best guess P2 (0.62), not applied
        - assignmentGroup: Sift is unsure: best guess Network Ops (0.55), not applied
        Expected time to resolve: 2 h 15 min (median), 1 d 1 h (90th percentile), from 2 similar resolved tickets
        Similar past tickets: ACME-1 (0.91), ACME-2 (0.88), ACME-3 (0.80)
        """);
  }

  @Test
  void a_confident_value_the_map_does_not_list_is_reported_not_written() {
    WriteBackPlan plan =
        ZammadWriteBack.plan(
            zammad(new ConnectorProperties.FieldMap("category", Map.of("Hardware", "Desk"))),
            ZAMMAD_TICKET,
            result(),
            JSON);

    assertThat(plan.calls())
        .extracting(WriteBackPlan.Call::toString)
        .doesNotContain("PUT /api/v1/tickets/81");
    assertThat(plan.decisions())
        .filteredOn(d -> d.target().equals("group"))
        .singleElement()
        .satisfies(d -> assertThat(d.kind()).isEqualTo(FieldDecision.Kind.UNMAPPED));
    assertThat(body(plan, plan.calls().size() - 1).path("body").asString())
        .contains("category: Network (0.97); not set as group: no mapping for this value");
  }

  @Test
  void the_default_zammad_mapping_writes_nothing_to_the_ticket_when_group_and_priority_abstain() {
    WriteBackPlan plan = ZammadWriteBack.plan(zammad(null), ZAMMAD_TICKET, result(), JSON);

    assertThat(plan.calls())
        .extracting(WriteBackPlan.Call::toString)
        .containsExactly(
            "POST /api/v1/tags/add", "POST /api/v1/tags/add", "POST /api/v1/ticket_articles");
    assertThat(plan.decisions())
        .filteredOn(d -> !d.target().equals("tag"))
        .allSatisfy(d -> assertThat(d.kind()).isEqualTo(FieldDecision.Kind.UNSURE));
  }

  @Test
  void jira_gets_a_component_added_and_the_mapped_request_type_but_not_the_abstained_priority() {
    ConnectorProperties.Jira config =
        new ConnectorProperties.Jira(
            "acme",
            URI.create("https://acme.atlassian.net"),
            "bot@acme.example",
            "token",
            "secret",
            false,
            true,
            null,
            new ConnectorProperties.FieldMap(null, Map.of("P2", "High")),
            new ConnectorProperties.FieldMap("subcategory", Map.of("VPN", "itsm/vpn-help")),
            "customfield_10010");

    WriteBackPlan plan = JiraWriteBack.plan(config, JIRA_TICKET, result(), JSON);

    assertThat(plan.calls())
        .extracting(WriteBackPlan.Call::toString)
        .containsExactly(
            "PUT /rest/api/3/issue/IT-7", "POST /rest/servicedeskapi/request/IT-7/comment");
    assertThat(body(plan, 0))
        .isEqualTo(
            JSON.readTree(
                """
        {"fields": {"customfield_10010": "itsm/vpn-help"},
         "update": {"components": [{"add": {"name": "Network"}}]}}"""));
    JsonNode comment = body(plan, 1);
    assertThat(comment.path("public").asBoolean(true)).isFalse();
    assertThat(comment.path("body").asString())
        .contains("- priority: Sift is unsure: best guess P2 (0.62), not applied")
        .contains("set as request type 'itsm/vpn-help'");
    assertThat(JiraWriteBack.authorization(config))
        .isEqualTo("Basic Ym90QGFjbWUuZXhhbXBsZTp0b2tlbg==");
  }

  @Test
  void durations_read_as_minutes_hours_or_days() {
    assertThat(TriageNote.duration(45)).isEqualTo("45 min");
    assertThat(TriageNote.duration(138)).isEqualTo("2 h 18 min");
    assertThat(TriageNote.duration(3 * 24 * 60 + 5 * 60 + 59)).isEqualTo("3 d 5 h");
  }

  private static JsonNode body(WriteBackPlan plan, int call) {
    return JSON.readTree(plan.calls().get(call).body());
  }
}
