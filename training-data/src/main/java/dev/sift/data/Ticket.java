package dev.sift.data;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One service-desk ticket, past or incoming. Only {@code id} and a subject or a body are required;
 * every other field may be {@code null}. Label values are kept as the tenant wrote them (trimmed),
 * never re-cased.
 */
public record Ticket(
    String id,
    String subject,
    String body,
    String category,
    String subcategory,
    String priority,
    String assignmentGroup,
    String assignee,
    String requester,
    String client,
    Instant createdAt,
    Instant resolvedAt,
    String resolution) {

  /**
   * Longest id, in chars. Ids are index keys, and Lucene refuses a key of more than 32,766 UTF-8
   * bytes; at most three bytes per char keeps this far below that, and real ids (INC0012345, a
   * GUID) are far shorter still.
   */
  public static final int MAX_ID_CHARS = 512;

  /**
   * Longest value of any one field, in chars, wherever a ticket comes in: history import (the row
   * is skipped), live upsert and triage (400). A text past it is an attachment pasted into a field,
   * not a description, and would be echoed back to every triage that finds the ticket.
   */
  public static final int MAX_FIELD_CHARS = 65_536;

  /**
   * The rule for ids as sent, for error messages and the docs. An id that meets it can be sent,
   * percent-encoded, as one URL path segment (a NUL, an encoded slash or backslash, a lone
   * surrogate, {@code .} or {@code ..} cannot), and that segment finds the ticket again (so can the
   * stored spelling, {@link #normalizeId}).
   */
  public static final String ID_RULE =
      "1 to "
          + MAX_ID_CHARS
          + " characters, none of them '/', '\\', a control "
          + "character or an unpaired surrogate, and not '.' or '..'; surrounding white space is dropped and ids are "
          + "compared in Unicode NFC";

  /**
   * Earliest instant a ticket may carry: four-digit years only, so that date arithmetic can never
   * overflow.
   */
  public static final Instant EARLIEST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");

  /** Latest instant a ticket may carry. */
  public static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

  public Ticket {
    Objects.requireNonNull(id, "ticket id is required");
    if (id.isBlank()) {
      throw new IllegalArgumentException("ticket id must not be blank");
    }
    if (id.length() > MAX_ID_CHARS) {
      throw new IllegalArgumentException(
          "ticket id has " + id.length() + " chars, more than the limit of " + MAX_ID_CHARS);
    }
    if (!isSupported(createdAt) || !isSupported(resolvedAt)) {
      throw new IllegalArgumentException("ticket " + id + " has a date outside years 1 to 9999");
    }
    if (isBlank(subject) && isBlank(body)) {
      throw new IllegalArgumentException("ticket " + id + " needs a subject or a body");
    }
  }

  /**
   * The id a ticket is stored and looked up under: {@code raw} normalised as {@link
   * TextNormalizer#text} does (NFC, trimmed), or {@code null} when nothing is left.
   */
  public static String normalizeId(String raw) {
    return TextNormalizer.text(raw);
  }

  /**
   * Why {@code raw} cannot be a ticket id under {@link #ID_RULE}, as a phrase such as {@code
   * "contains '/'"}, or {@code null} when it can. Every way in (live upsert, history import,
   * triage) applies it to the id as sent.
   */
  public static String idProblem(String raw) {
    String id = normalizeId(raw);
    if (id == null) {
      return "is empty";
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '/' || c == '\\') {
        return "contains '" + c + "'";
      }
      if (Character.isISOControl(c)) {
        return "contains the control character U+" + String.format("%04X", (int) c);
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < raw.length()
          && Character.isLowSurrogate(raw.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "contains an unpaired surrogate";
      }
    }
    if (id.length() > MAX_ID_CHARS) {
      return "has " + id.length() + " chars, more than the limit of " + MAX_ID_CHARS;
    }
    if (id.equals(".") || id.equals("..")) {
      return "is '" + id + "', which a URL path cannot carry";
    }
    return null;
  }

  /**
   * Why the value of field {@code name} breaks {@link #MAX_FIELD_CHARS}, as a phrase such as {@code
   * "field 'body' has 70000 chars, more than the limit of 65536"}, or {@code null} when it does not
   * (or is null).
   */
  public static String fieldProblem(String name, String value) {
    return value == null || value.length() <= MAX_FIELD_CHARS
        ? null
        : "field '"
            + name
            + "' has "
            + value.length()
            + " chars, more than the limit of "
            + MAX_FIELD_CHARS;
  }

  /**
   * Whether an instant may be a ticket's createdAt or resolvedAt: null, or within years 1 to 9999.
   */
  public static boolean isSupported(Instant instant) {
    return instant == null
        || (!instant.isBefore(EARLIEST_INSTANT) && !instant.isAfter(LATEST_INSTANT));
  }

  /** The value of a label field, or {@code null} when the ticket has none. */
  public String label(LabelField field) {
    return switch (field) {
      case CATEGORY -> category;
      case SUBCATEGORY -> subcategory;
      case PRIORITY -> priority;
      case ASSIGNMENT_GROUP -> assignmentGroup;
      case ASSIGNEE -> assignee;
    };
  }

  /** Time from creation to resolution, present only when both ends are known and in order. */
  public Optional<Duration> resolutionTime() {
    if (createdAt == null || resolvedAt == null || resolvedAt.isBefore(createdAt)) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(createdAt, resolvedAt));
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  /** Mutable builder, handy for importers that fill a ticket column by column. */
  public static final class Builder {
    private final String id;
    private String subject;
    private String body;
    private String category;
    private String subcategory;
    private String priority;
    private String assignmentGroup;
    private String assignee;
    private String requester;
    private String client;
    private Instant createdAt;
    private Instant resolvedAt;
    private String resolution;

    private Builder(String id) {
      this.id = id;
    }

    public Builder subject(String v) {
      this.subject = v;
      return this;
    }

    public Builder body(String v) {
      this.body = v;
      return this;
    }

    public Builder category(String v) {
      this.category = v;
      return this;
    }

    public Builder subcategory(String v) {
      this.subcategory = v;
      return this;
    }

    public Builder priority(String v) {
      this.priority = v;
      return this;
    }

    public Builder assignmentGroup(String v) {
      this.assignmentGroup = v;
      return this;
    }

    public Builder assignee(String v) {
      this.assignee = v;
      return this;
    }

    public Builder requester(String v) {
      this.requester = v;
      return this;
    }

    public Builder client(String v) {
      this.client = v;
      return this;
    }

    public Builder createdAt(Instant v) {
      this.createdAt = v;
      return this;
    }

    public Builder resolvedAt(Instant v) {
      this.resolvedAt = v;
      return this;
    }

    public Builder resolution(String v) {
      this.resolution = v;
      return this;
    }

    public Ticket build() {
      return new Ticket(
          id,
          subject,
          body,
          category,
          subcategory,
          priority,
          assignmentGroup,
          assignee,
          requester,
          client,
          createdAt,
          resolvedAt,
          resolution);
    }
  }
}
