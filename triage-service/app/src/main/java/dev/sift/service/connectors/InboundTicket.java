package dev.sift.service.connectors;

import dev.sift.data.TextNormalizer;
import dev.sift.data.Ticket;
import dev.sift.engine.TriageRequest;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * A new ticket as a platform's webhook announces it.
 *
 * @param platformId how the platform's API addresses the ticket (Zammad's ticket id, Jira's issue
 *     key)
 * @param siftId the id it is stored under in Sift, as the platform shows it to people and exports
 *     it (Zammad's ticket number, Jira's issue key); null when the payload has none
 */
record InboundTicket(
    String platformId,
    String siftId,
    String subject,
    String body,
    String requester,
    String client,
    Instant createdAt) {

  /** Jira's timestamps: an offset without a colon, as in {@code 2026-06-01T08:02:11.123+0000}. */
  private static final DateTimeFormatter JIRA_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  InboundTicket {
    subject = TextNormalizer.text(subject);
    body = TextNormalizer.text(body);
    requester = TextNormalizer.text(requester);
    client = TextNormalizer.text(client);
    if (subject == null && body == null) {
      throw new ProblemException(
          ProblemType.INVALID_TICKET,
          "The webhook's ticket "
              + (platformId != null ? platformId + " " : "")
              + "has neither a subject nor a body.");
    }
    if (siftId != null && siftId.length() > Ticket.MAX_ID_CHARS) {
      throw new ProblemException(
          ProblemType.INVALID_TICKET,
          "The ticket id has "
              + siftId.length()
              + " chars; the limit is "
              + Ticket.MAX_ID_CHARS
              + ".");
    }
    if (!Ticket.isSupported(createdAt)) {
      createdAt = null;
    }
  }

  TriageRequest toRequest() {
    return new TriageRequest(siftId, subject, body, requester, client, createdAt);
  }

  /**
   * The ticket as stored for later triages: it has no labels yet, only what the requester wrote.
   */
  Ticket toTicket() {
    return new Ticket(
        siftId, subject, body, null, null, null, null, null, requester, client, createdAt, null,
        null);
  }

  /** A string or number value as text; null for a missing node, null, an object or an array. */
  static String text(JsonNode node) {
    return node != null && (node.isString() || node.isNumber()) ? node.asString() : null;
  }

  /**
   * A name-bearing value: a plain string, or an object whose {@code name} (or another key) holds
   * the text.
   */
  static String named(JsonNode node, String... keys) {
    String plain = text(node);
    if (plain != null || node == null || !node.isObject()) {
      return plain;
    }
    for (String key : keys) {
      String value = text(node.get(key));
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  /**
   * An ISO-8601 instant or offset date-time, or Jira's own format; null when absent or unreadable.
   */
  static Instant instant(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    for (DateTimeFormatter format :
        new DateTimeFormatter[] {DateTimeFormatter.ISO_OFFSET_DATE_TIME, JIRA_TIME}) {
      try {
        return OffsetDateTime.parse(value.trim(), format).toInstant();
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    return null;
  }

  /** The object at {@code pointer}, or a 400 naming what the payload lacks. */
  static JsonNode object(JsonNode root, String pointer, String platform) {
    JsonNode node = root.at(pointer);
    if (!node.isObject()) {
      throw new ProblemException(
              ProblemType.MALFORMED_BODY,
              "This is not a "
                  + platform
                  + " ticket webhook: it has "
                  + "no '"
                  + pointer.substring(1).replace('/', '.')
                  + "' object.")
          .with("field", pointer);
    }
    return node;
  }
}
