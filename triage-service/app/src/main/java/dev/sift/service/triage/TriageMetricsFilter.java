package dev.sift.service.triage;

import dev.sift.service.system.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Measures every triage request end to end (reading, triage, writing), failures included: {@code
 * sift.triage.latency} is a timer with a percentile histogram and {@code sift.triage.requests} a
 * counter, both tagged {@code outcome=ok|client_error|unknown_tenant|error}.
 */
@Component
class TriageMetricsFilter extends OncePerRequestFilter {

  static final String LATENCY = "sift.triage.latency";
  static final String REQUESTS = "sift.triage.requests";
  private static final Pattern TRIAGE_PATH = Pattern.compile("/v1/tenants/[^/]+/triage/?");

  enum Outcome {
    OK,
    CLIENT_ERROR,
    UNKNOWN_TENANT,
    ERROR;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<Outcome, Timer> latency = new EnumMap<>(Outcome.class);
  private final Map<Outcome, Counter> requests = new EnumMap<>(Outcome.class);

  TriageMetricsFilter(MeterRegistry registry) {
    for (Outcome o : Outcome.values()) {
      latency.put(
          o,
          Timer.builder(LATENCY)
              .description("Triage requests from first byte to response, by outcome")
              .tag("outcome", o.tag())
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofMillis(1))
              .maximumExpectedValue(Duration.ofSeconds(30))
              .register(registry));
      requests.put(
          o,
          Counter.builder(REQUESTS)
              .description("Triage requests by outcome")
              .tag("outcome", o.tag())
              .register(registry));
    }
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod())
        || !TRIAGE_PATH
            .matcher(request.getRequestURI().substring(request.getContextPath().length()))
            .matches();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long start = System.nanoTime();
    boolean async = false;
    boolean failed = true;
    try {
      chain.doFilter(request, response);
      failed = false;
      // Triage runs on the worker pool: the request completes later, on another thread.
      async = request.isAsyncStarted();
      if (async) {
        request
            .getAsyncContext()
            .addListener(
                new AsyncListener() {
                  @Override
                  public void onComplete(AsyncEvent event) {
                    record(start, outcome(request, response.getStatus()));
                  }

                  @Override
                  public void onTimeout(AsyncEvent event) {}

                  @Override
                  public void onError(AsyncEvent event) {}

                  @Override
                  public void onStartAsync(AsyncEvent event) {}
                });
      }
    } finally {
      if (!async) {
        record(start, failed ? Outcome.ERROR : outcome(request, response.getStatus()));
      }
    }
  }

  private void record(long start, Outcome outcome) {
    latency.get(outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    requests.get(outcome).increment();
  }

  private static Outcome outcome(HttpServletRequest request, int status) {
    if (status < 400) {
      return Outcome.OK;
    }
    if (request.getAttribute(ProblemType.REQUEST_ATTRIBUTE) == ProblemType.UNKNOWN_TENANT) {
      return Outcome.UNKNOWN_TENANT;
    }
    return status < 500 ? Outcome.CLIENT_ERROR : Outcome.ERROR;
  }
}
