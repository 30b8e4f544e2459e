package dev.sift.data.internal;

import dev.sift.data.TextNormalizer;
import dev.sift.data.Ticket;
import java.time.Instant;
import java.util.EnumMap;

/** Builds a ticket from one row's raw values, or says why the row cannot be used. */
public final class RowMapper {

  /** Exactly one of the two is set. */
  public record Outcome(Ticket ticket, String rejection) {
    static Outcome rejected(String reason) {
      return new Outcome(null, reason);
    }
  }

  private static final int FIELD_COUNT = TicketField.values().length;
  // A bad cell may be a whole description; the report only needs enough to find it.
  private static final int MAX_VALUE_IN_MESSAGE = 80;

  private final EnumMap<TicketField, String> sources;
  private final DateParser dates;

  public RowMapper(EnumMap<TicketField, String> sources, DateParser dates) {
    this.sources = sources;
    this.dates = dates;
  }

  /**
   * @param raw values indexed by {@link TicketField#ordinal()}, {@code null} where unmapped or
   *     absent
   * @param recordNumber 1-based data record number, the id when no id column is mapped
   */
  public Outcome map(String[] raw, long recordNumber) {
    String[] text = new String[FIELD_COUNT];
    for (TicketField f : TicketField.values()) {
      text[f.ordinal()] =
          f.kind() == TicketField.Kind.LABEL
              ? TextNormalizer.label(raw[f.ordinal()])
              : TextNormalizer.text(raw[f.ordinal()]);
    }
    String id =
        sources.containsKey(TicketField.ID)
            ? text[TicketField.ID.ordinal()]
            : Long.toString(recordNumber);
    if (id == null) {
      return Outcome.rejected("missing id (column '" + sources.get(TicketField.ID) + "' is empty)");
    }
    String idProblem =
        sources.containsKey(TicketField.ID)
            ? Ticket.idProblem(raw[TicketField.ID.ordinal()])
            : null;
    if (idProblem != null) {
      return Outcome.rejected(
          "id '" + abbreviate(id) + "' " + idProblem + " (ids are " + Ticket.ID_RULE + ")");
    }
    if (text[TicketField.SUBJECT.ordinal()] == null && text[TicketField.BODY.ordinal()] == null) {
      return Outcome.rejected("no subject and no body");
    }
    Instant created = null;
    Instant resolved = null;
    for (TicketField f : new TicketField[] {TicketField.CREATED_AT, TicketField.RESOLVED_AT}) {
      String value = text[f.ordinal()];
      if (value == null) {
        continue;
      }
      Instant instant = dates.parse(value);
      if (instant == null) {
        return Outcome.rejected(
            "unparseable "
                + f.fieldName()
                + " in column '"
                + sources.get(f)
                + "': '"
                + abbreviate(value)
                + "' (expected "
                + dates.expected()
                + ")");
      }
      if (!Ticket.isSupported(instant)) {
        return Outcome.rejected(
            f.fieldName()
                + " "
                + instant
                + " in column '"
                + sources.get(f)
                + "' is outside years 1 to 9999");
      }
      if (f == TicketField.CREATED_AT) {
        created = instant;
      } else {
        resolved = instant;
      }
    }
    if (created != null && resolved != null && resolved.isBefore(created)) {
      return Outcome.rejected("resolvedAt " + resolved + " is before createdAt " + created);
    }
    return new Outcome(build(id, text, created, resolved), null);
  }

  private static String abbreviate(String value) {
    return value.length() <= MAX_VALUE_IN_MESSAGE
        ? value
        : value.substring(0, MAX_VALUE_IN_MESSAGE) + "...";
  }

  private static Ticket build(String id, String[] t, Instant created, Instant resolved) {
    return Ticket.builder(id)
        .subject(t[TicketField.SUBJECT.ordinal()])
        .body(t[TicketField.BODY.ordinal()])
        .category(t[TicketField.CATEGORY.ordinal()])
        .subcategory(t[TicketField.SUBCATEGORY.ordinal()])
        .priority(t[TicketField.PRIORITY.ordinal()])
        .assignmentGroup(t[TicketField.ASSIGNMENT_GROUP.ordinal()])
        .assignee(t[TicketField.ASSIGNEE.ordinal()])
        .requester(t[TicketField.REQUESTER.ordinal()])
        .client(t[TicketField.CLIENT.ordinal()])
        .createdAt(created)
        .resolvedAt(resolved)
        .resolution(t[TicketField.RESOLUTION.ordinal()])
        .build();
  }
}
