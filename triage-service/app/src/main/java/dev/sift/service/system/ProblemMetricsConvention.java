package dev.sift.service.system;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * Spring Boot's {@code http.server.requests} with one tag more: {@code problem}, the {@link
 * ProblemType} slug a request was answered with ({@code unknown-tenant}, {@code overloaded}, ...),
 * or {@code none}. Boot's {@code status} and {@code outcome} cannot tell an unknown tenant from
 * another 404, nor an overloaded service from another 503. Every request carries the tag, since a
 * Prometheus metric needs the same tag names on all its series.
 */
@Component
class ProblemMetricsConvention extends DefaultServerRequestObservationConvention {

  static final String PROBLEM = "problem";
  private static final KeyValue NO_PROBLEM = KeyValue.of(PROBLEM, "none");

  @Override
  public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
    return super.getLowCardinalityKeyValues(context).and(problem(context));
  }

  private static KeyValue problem(ServerRequestObservationContext context) {
    return context.getCarrier().getAttribute(ProblemType.REQUEST_ATTRIBUTE) instanceof ProblemType t
        ? KeyValue.of(PROBLEM, t.slug())
        : NO_PROBLEM;
  }
}
