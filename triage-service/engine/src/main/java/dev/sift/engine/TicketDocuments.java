package dev.sift.engine;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import dev.sift.index.Entry;
import dev.sift.index.Payload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a ticket is stored beside its vector: every field as a string attribute, plus the model that
 * embedded it.
 */
final class TicketDocuments {
  static final String MODEL = "_model";

  private TicketDocuments() {}

  /** Index entries for tickets, with the text each was embedded from and its vector, in order. */
  static List<Entry> entries(
      List<Ticket> tickets, List<String> texts, List<float[]> vectors, String modelId) {
    List<Entry> entries = new ArrayList<>(tickets.size());
    for (int i = 0; i < tickets.size(); i++) {
      Ticket t = tickets.get(i);
      entries.add(new Entry(t.id(), vectors.get(i), toPayload(t, texts.get(i), modelId)));
    }
    return entries;
  }

  static Payload toPayload(Ticket t, String preparedText, String modelId) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("subject", t.subject());
    a.put("body", t.body());
    for (LabelField f : LabelField.values()) {
      a.put(f.jsonName(), t.label(f));
    }
    a.put("requester", t.requester());
    a.put("client", t.client());
    a.put("createdAt", t.createdAt() == null ? null : t.createdAt().toString());
    a.put("resolvedAt", t.resolvedAt() == null ? null : t.resolvedAt().toString());
    a.put("resolution", t.resolution());
    a.put(MODEL, modelId);
    return new Payload(preparedText, a);
  }

  static Ticket toTicket(String id, Payload p) {
    Map<String, String> a = p.attributes();
    String subject = a.get("subject");
    String body = a.get("body");
    if ((subject == null || subject.isBlank()) && (body == null || body.isBlank())) {
      subject = p.text();
    }
    return new Ticket(
        id,
        subject,
        body,
        a.get("category"),
        a.get("subcategory"),
        a.get("priority"),
        a.get("assignmentGroup"),
        a.get("assignee"),
        a.get("requester"),
        a.get("client"),
        instant(a.get("createdAt")),
        instant(a.get("resolvedAt")),
        a.get("resolution"));
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }
}
