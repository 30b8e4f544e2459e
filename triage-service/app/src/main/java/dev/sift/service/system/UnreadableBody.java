package dev.sift.service.system;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;

/**
 * What a caller is told about a request body that cannot be read: missing, not JSON, past Jackson's
 * limits, or JSON of the wrong shape, naming the field at fault where there is one.
 */
final class UnreadableBody {

  private UnreadableBody() {}

  /**
   * The path of the field whose value is wrong, or null when the body is not JSON at all or the
   * whole body is at fault.
   */
  static String field(HttpMessageNotReadableException ex) {
    JacksonException jackson = jacksonCause(ex);
    if (jackson != null
        && !(jackson instanceof StreamReadException)
        && !jackson.getPath().isEmpty()) {
      return field(jackson);
    }
    return null;
  }

  static String describe(HttpMessageNotReadableException ex) {
    JacksonException jackson = jacksonCause(ex);
    if (jackson == null) {
      String message = ex.getMessage();
      return message != null && message.startsWith("Required request body is missing")
          ? "The request body is missing."
          : "The request body cannot be read.";
    }
    if (jackson instanceof StreamConstraintsException) {
      StreamReadConstraints limits = StreamReadConstraints.defaults();
      return "The request body is nested deeper than "
          + limits.getMaxNestingDepth()
          + " levels, or holds a number "
          + "longer than "
          + limits.getMaxNumberLength()
          + " digits or a name longer than "
          + limits.getMaxNameLength()
          + " chars.";
    }
    if (jackson instanceof StreamReadException) {
      var location = jackson.getLocation();
      return "The request body is not valid JSON"
          + (location != null
              ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"
              : "")
          + ".";
    }
    return jackson.getPath().isEmpty()
        ? "The request body does not have the expected shape."
        : "Field '" + field(jackson) + "' has an invalid value" + expectation(jackson) + ".";
  }

  private static String expectation(JacksonException ex) {
    String message = ex.getOriginalMessage();
    if (message != null && message.contains("java.time.Instant")) {
      return " (expected an ISO-8601 instant such as 2026-05-01T09:30:00Z)";
    }
    return "";
  }

  private static String field(JacksonException ex) {
    StringBuilder out = new StringBuilder();
    for (JacksonException.Reference ref : ex.getPath()) {
      if (ref.getPropertyName() != null) {
        out.append(out.isEmpty() ? "" : ".").append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return ProblemHandler.abbreviate(out.toString());
  }

  private static JacksonException jacksonCause(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof JacksonException j) {
        return j;
      }
    }
    return null;
  }
}
