package dev.sift.service.connectors;

import dev.sift.engine.TriageResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sift's suggestions in Zammad's terms, through its REST API: group and priority by name on the
 * ticket ({@code PUT /api/v1/tickets/{id}}), one tag per confident label ({@code POST
 * /api/v1/tags/add}), and an internal note ({@code POST /api/v1/ticket_articles} with {@code
 * internal: true}).
 */
final class ZammadWriteBack {

  static final String NOTE_SUBJECT = "Sift triage";

  /** Fewer digits than this always fit a long. */
  private static final int MAX_LONG_DIGITS = 19;

  private ZammadWriteBack() {}

  static WriteBackPlan plan(
      ConnectorProperties.Zammad config,
      InboundTicket ticket,
      TriageResult result,
      JsonMapper json) {
    List<FieldDecision> decisions = new ArrayList<>();
    FieldDecision.of("group", config.group(), result).ifPresent(decisions::add);
    FieldDecision.of("priority", config.priority(), result).ifPresent(decisions::add);
    for (String field : config.tags()) {
      FieldDecision.of("tag", ConnectorProperties.FieldMap.of(field), result)
          .ifPresent(decisions::add);
    }
    String id = URLEncoder.encode(ticket.platformId(), StandardCharsets.UTF_8);
    List<WriteBackPlan.Call> calls = new ArrayList<>();
    Map<String, Object> update = new LinkedHashMap<>();
    List<String> tags = new ArrayList<>();
    for (FieldDecision d : decisions) {
      if (!d.applied()) {
        continue;
      }
      if (d.target().equals("tag")) {
        if (!tags.contains(d.platformValue())) {
          tags.add(d.platformValue());
        }
      } else {
        update.put(d.target(), d.platformValue());
      }
    }
    if (!update.isEmpty()) {
      calls.add(
          new WriteBackPlan.Call(
              "PUT",
              WriteBackPlan.resolve(config.baseUrl(), "/api/v1/tickets/" + id),
              json.writeValueAsString(update)));
    }
    for (String tag : tags) {
      calls.add(
          new WriteBackPlan.Call(
              "POST",
              WriteBackPlan.resolve(config.baseUrl(), "/api/v1/tags/add"),
              json.writeValueAsString(
                  Map.of("object", "Ticket", "o_id", numeric(ticket.platformId()), "item", tag))));
    }
    Map<String, Object> note = new LinkedHashMap<>();
    note.put("ticket_id", numeric(ticket.platformId()));
    note.put("subject", NOTE_SUBJECT);
    note.put("body", TriageNote.render(result, decisions));
    note.put("content_type", "text/plain");
    note.put("type", "note");
    note.put("internal", true);
    calls.add(
        new WriteBackPlan.Call(
            "POST",
            WriteBackPlan.resolve(config.baseUrl(), "/api/v1/ticket_articles"),
            json.writeValueAsString(note)));
    return new WriteBackPlan(decisions, calls);
  }

  /** Zammad's ids are numbers; its API takes them as JSON numbers. */
  private static Object numeric(String id) {
    return id.chars().allMatch(Character::isDigit) && id.length() < MAX_LONG_DIGITS
        ? Long.parseLong(id)
        : id;
  }

  /** Zammad's token authentication for API access tokens. */
  static String authorization(ConnectorProperties.Zammad config) {
    return "Token token=" + config.token();
  }
}
