package dev.sift.service.system;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The stable kinds of error response. Each is an RFC 9457 problem {@code type} URI under {@link
 * #BASE}, for example {@code https://sift.dev/problems/unknown-tenant}; clients may switch on it.
 * The URIs are identifiers and are not promised to resolve. New kinds may be added; existing ones
 * keep their URI and status.
 */
public enum ProblemType {
  /** The tenant has no index yet: nothing was imported or upserted for it. */
  UNKNOWN_TENANT("unknown-tenant", HttpStatus.NOT_FOUND, "Unknown tenant"),
  /** The tenant exists but has no ticket with that id. */
  UNKNOWN_TICKET("unknown-ticket", HttpStatus.NOT_FOUND, "Unknown ticket"),
  /** There is no live API key with that id. */
  UNKNOWN_KEY("unknown-key", HttpStatus.NOT_FOUND, "Unknown API key"),
  /** There is no job with that id (jobs are kept by the instance that runs them). */
  UNKNOWN_JOB("unknown-job", HttpStatus.NOT_FOUND, "Unknown job"),
  /** No connector of that platform and name is configured ({@code sift.connectors.*}). */
  UNKNOWN_CONNECTOR("unknown-connector", HttpStatus.NOT_FOUND, "Unknown connector"),
  /** No endpoint at that path. */
  NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
  /** The tenant in the path does not match {@code [a-z0-9-]{1,63}}. */
  INVALID_TENANT("invalid-tenant", HttpStatus.BAD_REQUEST, "Invalid tenant name"),
  /** A query parameter or form field is missing or out of range; {@code parameter} names it. */
  INVALID_PARAMETER("invalid-parameter", HttpStatus.BAD_REQUEST, "Invalid parameter"),
  /**
   * The request itself is unreadable before any endpoint sees it: a malformed URL escape (such as
   * {@code %FF} or an encoded NUL, slash or backslash in the path), a request line or headers past
   * the server's size limit.
   */
  MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "Malformed request"),
  /**
   * The body is not JSON (or not readable multipart), or a field has the wrong type; {@code field}
   * names it where known.
   */
  MALFORMED_BODY("malformed-body", HttpStatus.BAD_REQUEST, "Malformed request body"),
  /**
   * A ticket lacks an id, or both subject and body; {@code index} gives its position in a batch.
   */
  INVALID_TICKET("invalid-ticket", HttpStatus.BAD_REQUEST, "Invalid ticket"),
  /**
   * A ticket id that could not be addressed in a URL once stored ({@code /}, {@code \}, a control
   * character, an unpaired surrogate, {@code .} or {@code ..}) or is too long; the detail states
   * the rule, {@code Ticket.ID_RULE}.
   */
  INVALID_TICKET_ID("invalid-ticket-id", HttpStatus.BAD_REQUEST, "Invalid ticket id"),
  /** A taxonomy names an unknown field, repeats a name, or has an entry without a name. */
  INVALID_TAXONOMY("invalid-taxonomy", HttpStatus.BAD_REQUEST, "Invalid taxonomy"),
  /**
   * An uploaded history file cannot be imported at all (no header, a mapped column missing,
   * unreadable).
   */
  INVALID_HISTORY("invalid-history", HttpStatus.BAD_REQUEST, "History file cannot be imported"),
  /** No API key, or one that is unknown or revoked: send {@code Authorization: Bearer <key>}. */
  UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Missing or invalid API key"),
  /**
   * A connector webhook whose signature ({@code X-Hub-Signature}) or token ({@code X-Sift-Token})
   * is missing or does not match the connector's secret.
   */
  INVALID_SIGNATURE(
      "invalid-signature", HttpStatus.UNAUTHORIZED, "Missing or invalid webhook signature"),
  /** The key is valid but does not reach this endpoint: another tenant's, or an admin endpoint. */
  FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Not allowed for this key"),
  /**
   * The key sent more requests than {@code sift.limits.rate-per-key} allows; wait {@code
   * Retry-After} seconds.
   */
  RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  /** The tenant already holds {@code sift.incidents.stream.max-per-tenant} open event streams. */
  TOO_MANY_STREAMS("too-many-streams", HttpStatus.TOO_MANY_REQUESTS, "Too many open streams"),
  /** Every worker is busy and the queue is full; retry after {@code Retry-After} seconds. */
  OVERLOADED("overloaded", HttpStatus.SERVICE_UNAVAILABLE, "Service overloaded"),
  /** The request took longer than {@code sift.limits.request-timeout}; nothing was acknowledged. */
  REQUEST_TIMEOUT("request-timeout", HttpStatus.SERVICE_UNAVAILABLE, "Request timed out"),
  /** The HTTP method is not supported at that path. */
  METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
  /** None of the accepted media types can be produced. */
  NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
  /**
   * The request body took longer than {@code sift.limits.body-timeout} to arrive; {@code
   * timeoutSeconds} gives it.
   */
  BODY_TIMEOUT("body-timeout", HttpStatus.REQUEST_TIMEOUT, "Request body too slow"),
  /** The request body is larger than the endpoint's limit; {@code maxBytes} gives it. */
  PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),
  /**
   * More tickets in one request than {@code sift.limits.max-batch-size}; {@code maxBatchSize} gives
   * it.
   */
  BATCH_TOO_LARGE(
      "batch-too-large", HttpStatus.CONTENT_TOO_LARGE, "Too many tickets in one request"),
  /**
   * A taxonomy with more texts than cold start embeds per tenant; {@code maxTexts} and {@code
   * texts} give it.
   */
  TAXONOMY_TOO_LARGE("taxonomy-too-large", HttpStatus.CONTENT_TOO_LARGE, "Taxonomy too large"),
  /** The request's Content-Type is not one the endpoint reads. */
  UNSUPPORTED_MEDIA_TYPE(
      "unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  /**
   * The tenant's vectors come from an embedding model this instance cannot load; re-embed the
   * tenant.
   */
  MODEL_UNAVAILABLE(
      "model-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Embedding model unavailable"),
  /** The service cannot answer right now; retry later. */
  UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
  /**
   * The request needs what the server does not implement: a {@code Transfer-Encoding} other than
   * {@code chunked}, or an HTTP version other than 1.0, 1.1 and 2.
   */
  NOT_IMPLEMENTED("not-implemented", HttpStatus.NOT_IMPLEMENTED, "Not implemented"),
  /** Anything unexpected; the details are in the server log, never in the response. */
  INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

  /** Base of every problem type URI. */
  public static final String BASE = "https://sift.dev/problems/";

  /**
   * Request attribute under which the error handler leaves the type of the problem it answered, for
   * metrics.
   */
  public static final String REQUEST_ATTRIBUTE = ProblemType.class.getName();

  private final String slug;
  private final HttpStatus status;
  private final String title;

  ProblemType(String slug, HttpStatus status, String title) {
    this.slug = slug;
    this.status = status;
    this.title = title;
  }

  public String slug() {
    return slug;
  }

  public URI uri() {
    return URI.create(BASE + slug);
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The generic type for a status that no more specific type covers. */
  static ProblemType forStatus(int status) {
    return switch (status) {
      case 400 -> INVALID_PARAMETER;
      case 401 -> UNAUTHORIZED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 429 -> RATE_LIMITED;
      case 501, 505 -> NOT_IMPLEMENTED;
      case 503 -> UNAVAILABLE;
      default -> status >= 400 && status < 500 ? INVALID_PARAMETER : INTERNAL_ERROR;
    };
  }
}
