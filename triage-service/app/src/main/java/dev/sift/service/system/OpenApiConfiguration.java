package dev.sift.service.system;

import dev.sift.engine.AnswerMethod;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OpenAPI description served at {@code /v3/api-docs}, with Swagger UI at {@code /swagger-ui.html}.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info =
        @Info(
            title = "Sift triage API",
            version = "v1",
            description =
                """
        Suggests category, priority, assignment group and assignee for a new service-desk ticket from the \
        tenant's own history, with calibrated confidences, an ETA and the similar past tickets behind them.

        Every call but the health endpoint, these API docs and the connector webhooks needs an API key as \
        `Authorization: Bearer <key>`: 401 `unauthorized` without a valid one, 403 `forbidden` for another \
        tenant's data. A tenant key reaches only its own tenant; an admin key reaches everything."""),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    name = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "A tenant or admin API key (docs/api.md#api-keys)")
class OpenApiConfiguration {

  /**
   * Lists every problem type in the description, from {@link ProblemType} itself, so that a new
   * type can never be missing from the contract.
   */
  @Bean
  OpenApiCustomizer problemTypes() {
    String types =
        Arrays.stream(ProblemType.values())
            .map(ProblemType::slug)
            .sorted()
            .collect(Collectors.joining(", "));
    return api -> {
      api.getInfo()
          .setDescription(
              api.getInfo().getDescription()
                  + "\n\nErrors are RFC 9457 problems "
                  + "(application/problem+json); `instance` is the request path. Their `type` is "
                  + ProblemType.BASE
                  + "{name}, where name is one of: "
                  + types
                  + ".");
      if (api.getComponents() == null) {
        api.setComponents(new Components());
      }
      api.getComponents().addSchemas(ProblemResponses.SCHEMA, problemSchema());
    };
  }

  /**
   * Jackson writes an {@link AnswerMethod} by its wire name, and the description lists every one
   * wherever the enum appears; but {@code mixed} names only a whole answer whose fields differ, so
   * the schemas of one field's method (a suggestion's, and the method that answers each field now)
   * leave it out.
   */
  @Bean
  OpenApiCustomizer fieldAnswerMethods() {
    List<String> fieldMethods =
        Arrays.stream(AnswerMethod.values())
            .filter(m -> m != AnswerMethod.MIXED)
            .map(AnswerMethod::wire)
            .toList();
    return api -> {
      Map<String, io.swagger.v3.oas.models.media.Schema> schemas =
          api.getComponents() == null ? null : api.getComponents().getSchemas();
      if (schemas == null) {
        return;
      }
      narrow(property(schemas, "Suggestion", "method"), fieldMethods);
      io.swagger.v3.oas.models.media.Schema<?> methods =
          property(schemas, "AccuracyResponse", "methods");
      if (methods != null
          && methods.getAdditionalProperties()
              instanceof io.swagger.v3.oas.models.media.Schema<?> perField) {
        narrow(perField, fieldMethods);
      }
    };
  }

  private static io.swagger.v3.oas.models.media.Schema<?> property(
      Map<String, io.swagger.v3.oas.models.media.Schema> schemas, String schema, String property) {
    io.swagger.v3.oas.models.media.Schema<?> s = schemas.get(schema);
    return s == null || s.getProperties() == null ? null : s.getProperties().get(property);
  }

  @SuppressWarnings("unchecked") // a string enum's values are strings
  private static void narrow(io.swagger.v3.oas.models.media.Schema<?> schema, List<String> values) {
    if (schema != null && schema.getEnum() != null) {
      ((io.swagger.v3.oas.models.media.Schema<String>) schema).setEnum(values);
    }
  }

  /** Each operation's error responses, by status, with the problem types each may carry. */
  @Bean
  OperationCustomizer problemResponses() {
    return new ProblemResponses();
  }

  @SuppressWarnings(
      "rawtypes") // the swagger model's Schema is generic in a way its builders do not carry
  private static io.swagger.v3.oas.models.media.Schema problemSchema() {
    io.swagger.v3.oas.models.media.Schema problem =
        new ObjectSchema()
            .description(
                "An RFC 9457 problem. Besides these members a problem may carry others that name what was "
                    + "wrong, such as tenant, field, parameter or maxBatchSize.")
            .addProperty(
                "type",
                new StringSchema()
                    .format("uri")
                    .example(ProblemType.UNKNOWN_TENANT.uri().toString())
                    .description(
                        "stable identifier of the kind of problem: " + ProblemType.BASE + "{name}"))
            .addProperty(
                "title",
                new StringSchema().description("short human summary of the kind of problem"))
            .addProperty("status", new IntegerSchema().description("the HTTP status"))
            .addProperty(
                "detail", new StringSchema().description("what went wrong with this request"))
            .addProperty("instance", new StringSchema().description("the request path"));
    problem.setRequired(List.of("type", "title", "status"));
    problem.setAdditionalProperties(Boolean.TRUE);
    return problem;
  }
}
