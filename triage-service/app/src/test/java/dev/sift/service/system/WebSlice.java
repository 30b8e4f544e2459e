package dev.sift.service.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a {@code @WebMvcTest} of a Sift controller needs beyond the slice: {@code @Import} it. The
 * slice brings the controller, {@link ProblemHandler} and {@link WebConfiguration} (tenant checks,
 * body limits, the worker pool), which read {@code sift.*}; the API key filter is left out, so
 * requests need no key, and the engine's fronts are Mockito mocks in each test.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(SiftProperties.class)
public class WebSlice {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final Set<String> SIFT_TYPES =
      Arrays.stream(ProblemType.values()).map(t -> t.uri().toString()).collect(Collectors.toSet());

  /**
   * Asserts an RFC 9457 problem of this status and type ({@code slug} after {@link
   * ProblemType#BASE}; any Sift type when null) and returns it, for the members a test checks
   * further.
   */
  public static JsonNode assertProblem(MvcTestResult result, int status, String slug) {
    assertThat(result.getResponse().getStatus()).as(describe(result)).isEqualTo(status);
    JsonNode problem = problem(result);
    if (slug != null) {
      assertThat(problem.path("type").asString()).isEqualTo(ProblemType.BASE + slug);
    }
    return problem;
  }

  /**
   * Asserts a 4xx problem with one of Sift's types: what any hostile request must get when it is
   * refused.
   */
  public static JsonNode assertAnyProblem(MvcTestResult result) {
    assertThat(result.getResponse().getStatus()).as(describe(result)).isBetween(400, 499);
    return problem(result);
  }

  /**
   * A problem with one of Sift's types, its status in the body too, and a detail that names no
   * exception class.
   */
  private static JsonNode problem(MvcTestResult result) {
    assertThat(result.getResponse().getContentType())
        .as(describe(result))
        .startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    JsonNode problem = JSON.readTree(body(result));
    assertThat(SIFT_TYPES).contains(problem.path("type").asString());
    assertThat(problem.path("status").asInt()).isEqualTo(result.getResponse().getStatus());
    assertThat(problem.path("title").asString()).isNotBlank();
    assertThat(problem.path("detail").asString()).isNotBlank().doesNotContain("Exception");
    return problem;
  }

  /** The body of an answer that is not a problem, as JSON. */
  public static JsonNode json(MvcTestResult result) {
    return JSON.readTree(body(result));
  }

  private static String body(MvcTestResult result) {
    return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
  }

  private static String describe(MvcTestResult result) {
    String body = body(result);
    return result.getResponse().getStatus()
        + " "
        + (body.length() <= 300 ? body : body.substring(0, 300) + "...");
  }

  /** A JSON POST of {@code body} to {@code path}, taken as sent (no URI encoding). */
  public static MvcTestResult postJson(MockMvcTester mvc, String path, String body) {
    return postJson(mvc, path, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A POST of raw bytes labelled JSON, for bodies that are not valid UTF-8. */
  public static MvcTestResult postJson(MockMvcTester mvc, String path, byte[] body) {
    return mvc.post()
        .uri(java.net.URI.create(path))
        .contentType(MediaType.APPLICATION_JSON)
        .content(body)
        .exchange();
  }
}
