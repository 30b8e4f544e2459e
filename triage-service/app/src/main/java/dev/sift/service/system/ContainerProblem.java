package dev.sift.service.system;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The problem body for an error that the servlet container answers itself ({@link
 * ProblemErrorReportValve}) or dispatches to the error path ({@link ProblemErrorController}), so
 * that both read like {@link ProblemHandler}'s.
 */
final class ContainerProblem {

  private ContainerProblem() {}

  /**
   * The type for a status the container set: a 400 there means the request could not even be read.
   */
  static ProblemType type(int status) {
    return status == HttpStatus.BAD_REQUEST.value()
        ? ProblemType.MALFORMED_REQUEST
        : ProblemType.forStatus(status);
  }

  /**
   * An RFC 9457 body: {@code type}, {@code title}, {@code status}, {@code detail} and, when
   * echoable, {@code instance}.
   */
  static Map<String, Object> body(ProblemType type, int status, String detail, String path) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", type.uri().toString());
    problem.put("title", type.title());
    problem.put("status", status);
    problem.put("detail", detail);
    String instance = instance(path);
    if (instance != null) {
      problem.put("instance", instance);
    }
    return problem;
  }

  static String detail(ProblemType type) {
    return switch (type) {
      case MALFORMED_REQUEST ->
          "The request cannot be read: its request line, URL encoding, headers or chunked "
              + "body is malformed. Percent-encode the path as UTF-8 and keep headers short.";
      case METHOD_NOT_ALLOWED -> "The HTTP method is not supported at that path.";
      case NOT_FOUND -> "No endpoint at that path.";
      case NOT_IMPLEMENTED ->
          "The request needs what the server does not implement: a Transfer-Encoding other "
              + "than chunked, or an HTTP version other than 1.0, 1.1 and 2.";
      case INTERNAL_ERROR -> "The request could not be completed; the server log has the details.";
      default -> "The server turned the request down before reading it.";
    };
  }

  // The raw path, when it is a valid URI reference at all; a path that is not is left out, as
  // ProblemHandler does.
  private static String instance(String path) {
    try {
      return path == null || path.length() > ProblemHandler.MAX_ECHOED_PATH_CHARS
          ? null
          : URI.create(path).toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
