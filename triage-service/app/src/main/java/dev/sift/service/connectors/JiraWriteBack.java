package dev.sift.service.connectors;

import dev.sift.engine.TriageResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sift's suggestions in Jira Service Management's terms: a component added, the priority and the
 * request type set on the issue ({@code PUT /rest/api/3/issue/{key}}), and an internal comment,
 * which agents see and customers do not ({@code POST /rest/servicedeskapi/request/{key}/comment}
 * with {@code public: false}).
 */
final class JiraWriteBack {

  private JiraWriteBack() {}

  static WriteBackPlan plan(
      ConnectorProperties.Jira config, InboundTicket ticket, TriageResult result, JsonMapper json) {
    List<FieldDecision> decisions = new ArrayList<>();
    FieldDecision.of("component", config.components(), result).ifPresent(decisions::add);
    FieldDecision.of("priority", config.priority(), result).ifPresent(decisions::add);
    // A request type is an id of the service desk's, never one of Sift's labels: only mapped values
    // are written.
    ConnectorProperties.FieldMap requestType = config.requestType();
    if (!requestType.values().isEmpty()) {
      FieldDecision.of("request type", requestType, result).ifPresent(decisions::add);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    Map<String, Object> update = new LinkedHashMap<>();
    for (FieldDecision d : decisions) {
      if (!d.applied()) {
        continue;
      }
      switch (d.target()) {
        // Added, not set: a component someone chose when raising the issue stays.
        case "component" ->
            update.put("components", List.of(Map.of("add", Map.of("name", d.platformValue()))));
        case "priority" -> fields.put("priority", Map.of("name", d.platformValue()));
        default -> fields.put(config.requestTypeField(), d.platformValue());
      }
    }
    String key = URLEncoder.encode(ticket.platformId(), StandardCharsets.UTF_8);
    List<WriteBackPlan.Call> calls = new ArrayList<>();
    if (!fields.isEmpty() || !update.isEmpty()) {
      Map<String, Object> edit = new LinkedHashMap<>();
      if (!fields.isEmpty()) {
        edit.put("fields", fields);
      }
      if (!update.isEmpty()) {
        edit.put("update", update);
      }
      calls.add(
          new WriteBackPlan.Call(
              "PUT",
              WriteBackPlan.resolve(config.baseUrl(), "/rest/api/3/issue/" + key),
              json.writeValueAsString(edit)));
    }
    Map<String, Object> comment = new LinkedHashMap<>();
    comment.put("body", TriageNote.render(result, decisions));
    comment.put("public", false);
    calls.add(
        new WriteBackPlan.Call(
            "POST",
            WriteBackPlan.resolve(
                config.baseUrl(), "/rest/servicedeskapi/request/" + key + "/comment"),
            json.writeValueAsString(comment)));
    return new WriteBackPlan(decisions, calls);
  }

  /** Basic authentication with the account's email and an API token, as Jira Cloud takes it. */
  static String authorization(ConnectorProperties.Jira config) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (config.email() + ":" + config.apiToken()).getBytes(StandardCharsets.UTF_8));
  }
}
