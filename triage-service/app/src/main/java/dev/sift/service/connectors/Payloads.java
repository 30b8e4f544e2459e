package dev.sift.service.connectors;

import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads the ticket out of each platform's webhook body, after the shapes the platforms document:
 * Zammad's trigger webhook ({@code ticket} with {@code id}, {@code number}, {@code title}, {@code
 * customer}, {@code organization}, and the first {@code article}), Jira's {@code
 * jira:issue_created} event ({@code issue.key} and {@code issue.fields}), and a generic mapping by
 * JSON pointers.
 */
final class Payloads {

  /**
   * The one Jira event a connector acts on; Jira sends others to the same URL when the webhook asks
   * for them.
   */
  static final String JIRA_ISSUE_CREATED = "jira:issue_created";

  private Payloads() {}

  static InboundTicket zammad(JsonNode root) {
    JsonNode ticket = InboundTicket.object(root, "/ticket", "Zammad");
    String id = InboundTicket.text(ticket.get("id"));
    if (id == null) {
      throw new ProblemException(ProblemType.INVALID_TICKET, "The Zammad ticket has no 'id'.")
          .with("field", "/ticket/id");
    }
    String number = InboundTicket.text(ticket.get("number"));
    return new InboundTicket(
        id,
        number != null ? number : id,
        InboundTicket.text(ticket.get("title")),
        InboundTicket.text(root.at("/article/body")),
        InboundTicket.named(ticket.get("customer"), "email", "login"),
        InboundTicket.named(ticket.get("organization"), "name"),
        InboundTicket.instant(InboundTicket.text(ticket.get("created_at"))));
  }

  /** The Jira event name, or null when the body does not say. */
  static String jiraEvent(JsonNode root) {
    return InboundTicket.text(root.get("webhookEvent"));
  }

  static InboundTicket jira(JsonNode root) {
    JsonNode issue = InboundTicket.object(root, "/issue", "Jira");
    String key = InboundTicket.text(issue.get("key"));
    if (key == null) {
      throw new ProblemException(ProblemType.INVALID_TICKET, "The Jira issue has no 'key'.")
          .with("field", "/issue/key");
    }
    JsonNode fields = issue.path("fields");
    return new InboundTicket(
        key,
        key,
        InboundTicket.text(fields.get("summary")),
        description(fields.get("description")),
        InboundTicket.named(fields.get("reporter"), "emailAddress", "displayName", "accountId"),
        null,
        InboundTicket.instant(InboundTicket.text(fields.get("created"))));
  }

  /**
   * Webhooks carry the description as wiki text; the REST API v3 and some apps send Atlassian
   * Document Format, a tree whose text nodes hold the words.
   */
  private static String description(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      return InboundTicket.text(node);
    }
    StringBuilder out = new StringBuilder();
    collectText(node, out);
    return out.toString();
  }

  private static void collectText(JsonNode node, StringBuilder out) {
    if ("text".equals(InboundTicket.text(node.get("type"))) && node.get("text") != null) {
      out.append(node.get("text").asString());
    }
    for (JsonNode child : node.path("content")) {
      collectText(child, out);
    }
    if ("paragraph".equals(InboundTicket.text(node.get("type")))) {
      out.append('\n');
    }
  }

  /**
   * A ticket from the connector's pointers; each field is read as text, {@code createdAt} as
   * ISO-8601.
   */
  static InboundTicket generic(JsonNode root, Map<String, String> pointers) {
    String id = pointer(root, pointers, "id");
    String created = pointer(root, pointers, "createdAt");
    java.time.Instant createdAt = InboundTicket.instant(created);
    if (created != null && createdAt == null) {
      throw new ProblemException(
              ProblemType.INVALID_TICKET,
              "The createdAt at "
                  + pointers.get("createdAt")
                  + " is not an ISO-8601 date-time with an offset.")
          .with("field", pointers.get("createdAt"));
    }
    return new InboundTicket(
        id,
        id,
        pointer(root, pointers, "subject"),
        pointer(root, pointers, "body"),
        pointer(root, pointers, "requester"),
        pointer(root, pointers, "client"),
        createdAt);
  }

  private static String pointer(JsonNode root, Map<String, String> pointers, String field) {
    String pointer = pointers.get(field);
    return pointer == null ? null : InboundTicket.text(root.at(pointer));
  }
}
