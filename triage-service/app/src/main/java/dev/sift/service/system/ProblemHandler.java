package dev.sift.service.system;

import dev.sift.data.ImportException;
import dev.sift.engine.ModelUnavailableException;
import dev.sift.engine.UnknownTenantException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every error into an RFC 9457 problem ({@code application/problem+json}) with a stable
 * {@link ProblemType} URI, a human title, a detail for the caller and {@code instance} set to the
 * request path. Spring MVC's own exceptions (405, 406, 415, missing parameters, unknown routes,
 * multipart limits) go through the inherited handlers and are given a Sift type here. Unexpected
 * errors are logged and answered without internals.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
  private static final int MAX_ECHOED_CHARS = 200;

  /**
   * A path longer than this is not echoed as {@code instance}: a client sending one learns nothing
   * from it.
   */
  static final int MAX_ECHOED_PATH_CHARS = 2_048;

  /** A queue drains in well under a second; a client retrying after one second finds room. */
  private static final long OVERLOAD_RETRY_AFTER_SECONDS = 1;

  @ExceptionHandler(ProblemException.class)
  ResponseEntity<Object> handleProblem(ProblemException ex, WebRequest request) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(ex.type().status(), ex.getMessage());
    ex.properties().forEach(body::setProperty);
    return respond(ex.type(), body, new HttpHeaders(), request);
  }

  @ExceptionHandler(UnknownTenantException.class)
  ResponseEntity<Object> handleUnknownTenant(UnknownTenantException ex, WebRequest request) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            ProblemType.UNKNOWN_TENANT.status(),
            "Tenant '"
                + ex.tenant()
                + "' does not exist yet; import its history, upsert tickets or put a taxonomy first.");
    body.setProperty("tenant", ex.tenant());
    return respond(ProblemType.UNKNOWN_TENANT, body, new HttpHeaders(), request);
  }

  @ExceptionHandler(ModelUnavailableException.class)
  ResponseEntity<Object> handleModelUnavailable(ModelUnavailableException ex, WebRequest request) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            ProblemType.MODEL_UNAVAILABLE.status(),
            "Tenant '"
                + ex.tenant()
                + "' was embedded with model '"
                + ex.model()
                + "', which this instance cannot "
                + "load. An admin can re-embed it with POST /v1/admin/reembed?tenant="
                + ex.tenant()
                + ".");
    body.setProperty("tenant", ex.tenant());
    body.setProperty("model", ex.model());
    return respond(ProblemType.MODEL_UNAVAILABLE, body, new HttpHeaders(), request);
  }

  @ExceptionHandler(ImportException.class)
  ResponseEntity<Object> handleImport(ImportException ex, WebRequest request) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(ProblemType.INVALID_HISTORY.status(), ex.getMessage());
    return respond(ProblemType.INVALID_HISTORY, body, new HttpHeaders(), request);
  }

  /**
   * A multipart body Tomcat cannot parse: no or an over-long boundary, cut off mid-part, an invalid
   * file name. The size limits are a subclass, {@link MaxUploadSizeExceededException}, answered 413
   * by the inherited handler.
   */
  @ExceptionHandler(MultipartException.class)
  ResponseEntity<Object> handleMultipart(MultipartException ex, WebRequest request) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            ProblemType.MALFORMED_BODY.status(),
            "The multipart body cannot be read: it has no boundary or one that is too long, ends in the middle of a "
                + "part, or names an invalid file.");
    return respond(ProblemType.MALFORMED_BODY, body, new HttpHeaders(), request);
  }

  /**
   * The worker pool and its queue are full, or the tenant holds its share of them: shed the request
   * at once rather than queue it without bound.
   */
  @ExceptionHandler(TaskRejectedException.class)
  ResponseEntity<Object> handleOverload(TaskRejectedException ex, WebRequest request) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            ProblemType.OVERLOADED.status(),
            "Every worker is busy and the queue is full; retry shortly.");
    if (ex instanceof WorkerPool.TenantShareExceededException share) {
      body.setDetail(
          "Tenant '"
              + share.tenant()
              + "' already has "
              + share.maxPerTenant()
              + " requests running or "
              + "queued, its share of the workers (sift.limits.tenant-share); retry shortly.");
      body.setProperty("maxPerTenant", share.maxPerTenant());
    }
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(OVERLOAD_RETRY_AFTER_SECONDS));
    return respond(ProblemType.OVERLOADED, body, headers, request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
    log.error("unexpected error on {}", path(request), ex);
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            ProblemType.INTERNAL_ERROR.status(),
            "The request could not be completed; the server log has the details.");
    return respond(ProblemType.INTERNAL_ERROR, body, new HttpHeaders(), request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof ProblemException problem) {
        return handleProblem(problem, request);
      }
    }
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            ProblemType.MALFORMED_BODY.status(), UnreadableBody.describe(ex));
    String field = UnreadableBody.field(ex);
    if (field != null) {
      body.setProperty("field", field);
    }
    return respond(ProblemType.MALFORMED_BODY, body, headers, request);
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            status, "No endpoint " + ex.getHttpMethod() + " " + path(request) + ".");
    return respond(ProblemType.NOT_FOUND, body, headers, request);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem =
        body instanceof ProblemDetail p
            ? p
            : ex instanceof ErrorResponse e
                ? e.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale())
                : ProblemDetail.forStatus(status);
    if (ex instanceof AsyncRequestTimeoutException) {
      log.warn("request {} timed out", path(request));
    } else if (status.is5xxServerError()) {
      log.error("request {} failed", path(request), ex);
    }
    switch (ex) {
      case TypeMismatchException e when e.getPropertyName() != null -> {
        problem.setDetail(
            "Invalid value '"
                + abbreviate(String.valueOf(e.getValue()))
                + "' for parameter '"
                + e.getPropertyName()
                + "'.");
        problem.setProperty("parameter", e.getPropertyName());
      }
      case MissingServletRequestParameterException e ->
          problem.setProperty("parameter", e.getParameterName());
      case MissingServletRequestPartException e ->
          problem.setProperty("parameter", e.getRequestPartName());
      case AsyncRequestTimeoutException e ->
          problem.setDetail(
              "The request took longer than the service's "
                  + "request timeout. Its outcome is unknown: an upsert may still be stored, and repeating it is safe.");
      case MaxUploadSizeExceededException e when e.getMaxUploadSize() > 0 -> {
        problem.setDetail(
            "The upload is larger than the limit of " + e.getMaxUploadSize() + " bytes.");
        problem.setProperty("maxBytes", e.getMaxUploadSize());
      }
      default -> {}
    }
    return respond(typeOf(ex, status), problem, headers, request);
  }

  private ResponseEntity<Object> respond(
      ProblemType type, ProblemDetail body, HttpHeaders headers, WebRequest request) {
    body.setType(type.uri());
    body.setTitle(type.title());
    body.setStatus(type.status().value());
    String path = path(request);
    if (path != null) {
      try {
        body.setInstance(URI.create(path));
      } catch (IllegalArgumentException e) {
        // a path that is not a valid URI reference is left out rather than failing the error
        // response
      }
    }
    request.setAttribute(ProblemType.REQUEST_ATTRIBUTE, type, RequestAttributes.SCOPE_REQUEST);
    if (type.status().is4xxClientError()) {
      log.debug("{} {}: {}", type.status().value(), path, body.getDetail());
    }
    if (request instanceof ServletWebRequest servlet
        && servlet.getResponse() != null
        && servlet.getResponse().isCommitted()) {
      log.warn("response to {} already committed; cannot send problem {}", path, type.slug());
      return null;
    }
    // Set rather than negotiated: with an Accept header that cannot even be parsed, Spring writes
    // an error response with no body at all, and a problem is the one thing every error answer must
    // be.
    HttpHeaders out = HttpHeaders.copyOf(headers);
    out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return new ResponseEntity<>(body, out, type.status());
  }

  private static ProblemType typeOf(Exception ex, HttpStatusCode status) {
    return switch (ex) {
      case HttpMediaTypeNotSupportedException e -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
      case HttpMediaTypeNotAcceptableException e -> ProblemType.NOT_ACCEPTABLE;
      case HttpRequestMethodNotSupportedException e -> ProblemType.METHOD_NOT_ALLOWED;
      case NoResourceFoundException e -> ProblemType.NOT_FOUND;
      case NoHandlerFoundException e -> ProblemType.NOT_FOUND;
      case MaxUploadSizeExceededException e -> ProblemType.PAYLOAD_TOO_LARGE;
      case AsyncRequestTimeoutException e -> ProblemType.REQUEST_TIMEOUT;
      case HttpMessageNotReadableException e -> ProblemType.MALFORMED_BODY;
      default -> ProblemType.forStatus(status.value());
    };
  }

  private static String path(WebRequest request) {
    if (request instanceof NativeWebRequest nwr
        && nwr.getNativeRequest() instanceof HttpServletRequest http) {
      return http.getRequestURI();
    }
    return null;
  }

  static String abbreviate(String s) {
    return s.length() <= MAX_ECHOED_CHARS ? s : s.substring(0, MAX_ECHOED_CHARS) + "...";
  }
}
