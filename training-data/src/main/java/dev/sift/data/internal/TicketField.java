package dev.sift.data.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The components of {@link dev.sift.data.Ticket} a column can be mapped to, named as in the record.
 */
public enum TicketField {
  ID("id", Kind.TEXT),
  SUBJECT("subject", Kind.TEXT),
  BODY("body", Kind.TEXT),
  CATEGORY("category", Kind.LABEL),
  SUBCATEGORY("subcategory", Kind.LABEL),
  PRIORITY("priority", Kind.LABEL),
  ASSIGNMENT_GROUP("assignmentGroup", Kind.LABEL),
  ASSIGNEE("assignee", Kind.LABEL),
  REQUESTER("requester", Kind.TEXT),
  CLIENT("client", Kind.TEXT),
  CREATED_AT("createdAt", Kind.INSTANT),
  RESOLVED_AT("resolvedAt", Kind.INSTANT),
  RESOLUTION("resolution", Kind.TEXT);

  /** How a raw value becomes a component value. */
  public enum Kind {
    TEXT,
    LABEL,
    INSTANT
  }

  private final String fieldName;
  private final Kind kind;

  TicketField(String fieldName, Kind kind) {
    this.fieldName = fieldName;
    this.kind = kind;
  }

  public String fieldName() {
    return fieldName;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Exact name first; a differently-cased name is accepted too since it cannot mean anything else.
   */
  public static Optional<TicketField> byName(String name) {
    for (TicketField f : values()) {
      if (f.fieldName.equals(name)) {
        return Optional.of(f);
      }
    }
    return Arrays.stream(values()).filter(f -> f.fieldName.equalsIgnoreCase(name)).findFirst();
  }

  public static String validNames() {
    return Arrays.stream(values()).map(TicketField::fieldName).collect(Collectors.joining(", "));
  }
}
