package dev.sift.service.system;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** OpenAPI description served at {@code /v3/api-docs}, with Swagger UI at {@code /swagger-ui.html}. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info = @Info(title = "Sift triage API", version = "v1", description = """
        Suggests category, priority, assignment group and assignee for a new service-desk ticket from the \
        tenant's own history, with calibrated confidences, an ETA and the similar past tickets behind them.

        Errors are RFC 9457 problems (application/problem+json). Their `type` is one of \
        https://sift.dev/problems/{unknown-tenant, unknown-ticket, not-found, invalid-tenant, invalid-parameter, \
        malformed-body, invalid-ticket, invalid-history, method-not-allowed, not-acceptable, payload-too-large, \
        batch-too-large, unsupported-media-type, unavailable, internal-error}; `instance` is the request path.

        A bearer token is accepted on every call and not yet checked."""),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
class OpenApiConfiguration {}
