package dev.sift.service.system;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** OpenAPI description served at {@code /v3/api-docs}, with Swagger UI at {@code /swagger-ui.html}. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info = @Info(title = "Sift triage API", version = "v1", description = """
        Suggests category, priority, assignment group and assignee for a new service-desk ticket from the \
        tenant's own history, with calibrated confidences, an ETA and the similar past tickets behind them.

        Every call but the health endpoint, these API docs and the connector webhooks needs an API key as \
        `Authorization: Bearer <key>`: 401 `unauthorized` without a valid one, 403 `forbidden` for another \
        tenant's data. A tenant key reaches only its own tenant; an admin key reaches everything."""),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
    description = "A tenant or admin API key (docs/api.md#api-keys)")
class OpenApiConfiguration {

  /**
   * Lists every problem type in the description, from {@link ProblemType} itself, so that a new type can never be
   * missing from the contract.
   */
  @Bean
  OpenApiCustomizer problemTypes() {
    String types = Arrays.stream(ProblemType.values()).map(ProblemType::slug).sorted()
        .collect(Collectors.joining(", "));
    return api -> api.getInfo().setDescription(api.getInfo().getDescription() + "\n\nErrors are RFC 9457 problems "
        + "(application/problem+json); `instance` is the request path. Their `type` is " + ProblemType.BASE
        + "{name}, where name is one of: " + types + ".");
  }
}
