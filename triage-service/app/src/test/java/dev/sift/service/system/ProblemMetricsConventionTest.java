package dev.sift.service.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ProblemMetricsConventionTest {

  private final ProblemMetricsConvention convention = new ProblemMetricsConvention();

  @Test
  void a_request_answered_with_a_problem_is_tagged_with_its_slug() {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/tenants/x/triage");
    request.setAttribute(ProblemType.REQUEST_ATTRIBUTE, ProblemType.UNKNOWN_TENANT);
    MockHttpServletResponse response = new MockHttpServletResponse();
    response.setStatus(404);

    assertThat(tags(request, response))
        .contains(
            KeyValue.of("problem", "unknown-tenant"),
            KeyValue.of("status", "404"),
            KeyValue.of("outcome", "CLIENT_ERROR"));
  }

  @Test
  void a_request_without_a_problem_is_tagged_none_beside_boots_own_tags() {
    MockHttpServletResponse response = new MockHttpServletResponse();
    response.setStatus(200);

    assertThat(tags(new MockHttpServletRequest("POST", "/v1/tenants/x/triage"), response))
        .contains(KeyValue.of("problem", "none"), KeyValue.of("outcome", "SUCCESS"))
        .extracting(KeyValue::getKey)
        .contains("method", "uri", "exception");
  }

  private Iterable<KeyValue> tags(
      MockHttpServletRequest request, MockHttpServletResponse response) {
    return convention.getLowCardinalityKeyValues(
        new ServerRequestObservationContext(request, response));
  }
}
