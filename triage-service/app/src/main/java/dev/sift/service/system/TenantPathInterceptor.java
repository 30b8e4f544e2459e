package dev.sift.service.system;

import dev.sift.index.TenantNames;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Rejects a {@code {tenant}} path variable that is not a valid tenant name before any handler runs,
 * so that every tenant endpoint answers the same 400 problem and no handler ever sees a name that
 * could escape the data directory.
 */
final class TenantPathInterceptor implements HandlerInterceptor {

  static final String VARIABLE = "tenant";

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
            instanceof Map<?, ?> variables
        && variables.get(VARIABLE) instanceof String tenant
        && !TenantNames.isValid(tenant)) {
      throw new ProblemException(
              ProblemType.INVALID_TENANT,
              "Tenant names must match "
                  + TenantNames.VALID.pattern()
                  + " (lower-case letters, digits and '-', at most 63 characters); got '"
                  + ProblemHandler.abbreviate(tenant)
                  + "'.")
          .with("tenant", ProblemHandler.abbreviate(tenant));
    }
    return true;
  }
}
