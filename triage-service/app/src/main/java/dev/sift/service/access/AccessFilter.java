package dev.sift.service.access;

import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every request but the public ones (health, API docs, the console's static files) needs a live key
 * as {@code Authorization: Bearer <key>}. Admin keys reach everything. A tenant key reaches only
 * {@code /v1/tenants/<its tenant>/**}, except the admin-only history import, and {@code /v1/key},
 * which describes the caller's own key; anything else is 403 whether or not it exists, so a key
 * learns nothing about other tenants. Allowed requests then take a token from the key's rate limit
 * (429 with {@code Retry-After}). The path is parsed as Spring MVC parses it, so the tenant checked
 * is the tenant the handler sees.
 *
 * <p>The one exception: a POST to a connector webhook ({@code /v1/connectors/<platform>/<name>})
 * comes from Zammad, Jira or another platform, which cannot send a Sift key. The connector itself
 * authenticates it by the platform's signature or token before reading anything else, and answers
 * 401 {@code invalid-signature} without one. Only that method on exactly that path shape passes;
 * every other request there still needs a key.
 */
final class AccessFilter extends OncePerRequestFilter {

  /** Request attribute holding the caller's {@link ApiKey}. */
  static final String CALLER = ApiKey.class.getName();

  private static final String BEARER = "bearer ";
  private static final String CHALLENGE = "Bearer realm=\"sift\"";

  private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;
  private static final List<PathPattern> PUBLIC =
      List.of(
          PARSER.parse("/actuator/health/**"),
          PARSER.parse("/v3/api-docs/**"),
          PARSER.parse("/swagger-ui.html"),
          PARSER.parse("/swagger-ui/**"),
          // Static files only: every call the console makes to the API sends the key the user
          // pasted.
          PARSER.parse("/console/**"));
  private static final PathPattern CONNECTOR_WEBHOOK =
      PARSER.parse("/v1/connectors/{platform:zammad|jira|generic}/{connector}");
  private static final PathPattern TENANT = PARSER.parse("/v1/tenants/{tenant}/**");

  /** The caller's own key, which every key may read. */
  private static final PathPattern OWN_KEY = PARSER.parse("/v1/key");

  /** Under a tenant's path but for admins only. */
  private static final PathPattern TENANT_ADMIN_ONLY =
      PARSER.parse("/v1/tenants/{tenant}/history/**");

  private final ApiKeys keys;
  private final RateLimiter limiter;
  private final HandlerExceptionResolver problems;

  AccessFilter(ApiKeys keys, RateLimiter limiter, HandlerExceptionResolver problems) {
    this.keys = keys;
    this.limiter = limiter;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    PathContainer path = ServletRequestPathUtils.parseAndCache(request).pathWithinApplication();
    if (PUBLIC.stream().anyMatch(p -> p.matches(path))
        || "POST".equals(request.getMethod()) && CONNECTOR_WEBHOOK.matches(path)) {
      chain.doFilter(request, response);
      return;
    }
    try {
      ApiKey caller = authenticate(request, response);
      authorize(caller, path);
      long retryAfter = limiter.acquire(caller.id());
      if (retryAfter > 0) {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        throw new ProblemException(
                ProblemType.RATE_LIMITED,
                "This key has used its request rate; retry in " + retryAfter + " s.")
            .with("retryAfterSeconds", retryAfter);
      }
      request.setAttribute(CALLER, caller);
    } catch (ProblemException e) {
      if (request.getContentLengthLong() > 0
          || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
        // The body is never read: the connection ends with the answer instead of waiting for the
        // rest of it.
        response.setHeader(HttpHeaders.CONNECTION, "close");
      }
      problems.resolveException(request, response, null, e);
      return;
    }
    chain.doFilter(request, response);
  }

  private ApiKey authenticate(HttpServletRequest request, HttpServletResponse response) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null
        || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)
        || header.substring(BEARER.length()).isBlank()) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
      throw new ProblemException(
          ProblemType.UNAUTHORIZED, "Send an API key as 'Authorization: Bearer <key>'.");
    }
    Optional<ApiKey> key = keys.authenticate(header.substring(BEARER.length()).trim());
    if (key.isEmpty()) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE + ", error=\"invalid_token\"");
      throw new ProblemException(ProblemType.UNAUTHORIZED, "The API key is unknown or revoked.");
    }
    return key.get();
  }

  private static void authorize(ApiKey caller, PathContainer path) {
    if (caller.admin() || OWN_KEY.matches(path)) {
      return;
    }
    PathPattern.PathMatchInfo match = TENANT.matchAndExtract(path);
    boolean own = match != null && caller.tenant().equals(match.getUriVariables().get("tenant"));
    if (!own || TENANT_ADMIN_ONLY.matches(path)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "This key is scoped to one tenant and cannot reach this endpoint.");
    }
  }
}
