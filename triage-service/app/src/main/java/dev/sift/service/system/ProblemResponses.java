package dev.sift.service.system;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents each operation's error responses: one {@code application/problem+json} response per
 * status, whose description names the problem types it may carry. Besides the types an endpoint
 * declares with {@link Problems}, every endpoint gets those that follow from what it is: a
 * key-protected one can answer unauthorized, forbidden and rate-limited; one under {@code {tenant}}
 * invalid-tenant; one with a body malformed-body, payload-too-large, body-timeout and
 * unsupported-media-type; one that runs on the worker pool overloaded and request-timeout. The
 * types any request can meet, whatever its endpoint, are the default response of each.
 */
final class ProblemResponses implements OperationCustomizer {

  /** The name of the problem schema among the components. */
  static final String SCHEMA = "Problem";

  static final String MEDIA_TYPE = "application/problem+json";

  /** What any request can meet: the container's own refusals and the unexpected. */
  static final Set<ProblemType> ANY =
      EnumSet.of(
          ProblemType.MALFORMED_REQUEST,
          ProblemType.METHOD_NOT_ALLOWED,
          ProblemType.NOT_ACCEPTABLE,
          ProblemType.NOT_IMPLEMENTED,
          ProblemType.INTERNAL_ERROR);

  /** The problems answered with a {@code Retry-After} header. */
  static final Set<ProblemType> RETRY_AFTER =
      EnumSet.of(ProblemType.RATE_LIMITED, ProblemType.OVERLOADED);

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    Set<ProblemType> types = EnumSet.noneOf(ProblemType.class);
    Problems declared = handler.getMethodAnnotation(Problems.class);
    if (declared != null) {
      types.addAll(Arrays.asList(declared.value()));
    }
    // Webhooks declare an empty security requirement: they authenticate by signature, not by key.
    if (operation.getSecurity() == null || !operation.getSecurity().isEmpty()) {
      types.addAll(
          Set.of(ProblemType.UNAUTHORIZED, ProblemType.FORBIDDEN, ProblemType.RATE_LIMITED));
    }
    if (operation.getParameters() != null
        && operation.getParameters().stream()
            .anyMatch(p -> "path".equals(p.getIn()) && "tenant".equals(p.getName()))) {
      types.add(ProblemType.INVALID_TENANT);
    }
    if (operation.getRequestBody() != null) {
      types.addAll(
          Set.of(
              ProblemType.MALFORMED_BODY,
              ProblemType.PAYLOAD_TOO_LARGE,
              ProblemType.BODY_TIMEOUT,
              ProblemType.UNSUPPORTED_MEDIA_TYPE));
    }
    if (Callable.class.isAssignableFrom(handler.getMethod().getReturnType())) {
      types.addAll(Set.of(ProblemType.OVERLOADED, ProblemType.REQUEST_TIMEOUT));
    }
    Map<Integer, String> byStatus =
        new TreeMap<>(
            types.stream()
                .collect(
                    Collectors.groupingBy(
                        t -> t.status().value(),
                        Collectors.mapping(t -> "`" + t.slug() + "`", Collectors.joining(", ")))));
    if (operation.getResponses() == null) {
      operation.setResponses(new ApiResponses());
    }
    byStatus.forEach(
        (status, slugs) -> {
          ApiResponse response = problem("Problem: " + slugs);
          if (types.stream()
              .anyMatch(t -> RETRY_AFTER.contains(t) && t.status().value() == status)) {
            response.addHeaderObject(
                HttpHeaders.RETRY_AFTER,
                new Header()
                    .description(
                        "seconds to wait before "
                            + "retrying ("
                            + RETRY_AFTER.stream()
                                .map(ProblemType::slug)
                                .collect(Collectors.joining(", "))
                            + ")")
                    .schema(new IntegerSchema()));
          }
          operation.getResponses().addApiResponse(Integer.toString(status), response);
        });
    operation
        .getResponses()
        .addApiResponse(
            "default",
            problem(
                "Problem, for any request: "
                    + ANY.stream()
                        .map(t -> "`" + t.slug() + "` (" + t.status().value() + ")")
                        .collect(Collectors.joining(", "))));
    return operation;
  }

  private static ApiResponse problem(String description) {
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    MEDIA_TYPE,
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))));
  }
}
