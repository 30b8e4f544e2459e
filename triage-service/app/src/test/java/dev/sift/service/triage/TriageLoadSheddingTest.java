package dev.sift.service.triage;

import static dev.sift.service.system.WebSlice.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.when;

import dev.sift.engine.EngineSettings;
import dev.sift.engine.TriageEngine;
import dev.sift.engine.TriageResult;
import dev.sift.service.system.WebSlice;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.context.request.async.WebAsyncUtils;
import tools.jackson.databind.JsonNode;

/**
 * The worker pool's limits over a mocked engine that holds the one worker: the next triage is shed
 * at once with 503 overloaded, never queued. {@code OverloadIT} and {@code TenantShareIT} measure
 * the same against the real stack.
 */
@WebMvcTest(TriageController.class)
@Import(WebSlice.class)
@TestPropertySource(properties = {"sift.limits.max-concurrent=1", "sift.limits.max-queued=0"})
@Timeout(value = 30, unit = TimeUnit.SECONDS) // a request that queues instead fails, not hangs
class TriageLoadSheddingTest {

  /** How long the first request may wait for its answer, which the test holds back. */
  private static final Duration HOLD = Duration.ofSeconds(20);

  private static final String VALID = "{\"subject\":\"VPN connects but drives are missing\"}";

  @Autowired MockMvcTester mvc;

  @MockitoBean TriageEngine engine;

  @Test
  void a_triage_past_the_workers_and_queue_is_shed_with_503_overloaded_and_retry_after()
      throws Exception {
    CountDownLatch working = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    when(engine.settings()).thenReturn(EngineSettings.DEFAULTS);
    when(engine.triage(any(), any(), anyInt(), any()))
        .thenAnswer(
            call -> {
              working.countDown();
              release.await();
              return new TriageResult(
                  call.getArgument(0),
                  dev.sift.engine.AnswerMethod.NEIGHBOURS,
                  Map.of(),
                  null,
                  List.of(),
                  "test",
                  1,
                  null,
                  null,
                  null);
            });
    CompletableFuture<MvcTestResult> first =
        CompletableFuture.supplyAsync(() -> request("acme").exchange(HOLD));
    assertThat(working.await(10, TimeUnit.SECONDS))
        .as("the first triage holds the worker")
        .isTrue();

    try {
      // The same tenant holds its whole share (one slot of one), so it is told so.
      MvcTestResult sameTenant = shed("acme");
      JsonNode share = assertProblem(sameTenant, 503, "overloaded");
      assertThat(share.path("maxPerTenant").asInt()).isEqualTo(1);
      assertThat(sameTenant.getResponse().getHeader("Retry-After")).isEqualTo("1");
      // Another tenant finds no free worker and no queue.
      assertProblem(shed("other"), 503, "overloaded");
    } finally {
      release.countDown();
    }
    assertThat(first.get(10, TimeUnit.SECONDS)).hasStatusOk();
  }

  /**
   * A request the pool turns away. Spring MVC hands the rejection to an async dispatch, as it would
   * a result; MockMvc awaits only results of tasks that ran, so this dispatches as the container
   * would, on the same request and response.
   */
  private MvcTestResult shed(String tenant) {
    MockHttpServletRequest started = mvc.perform(request(tenant)).getMvcResult().getRequest();
    assertThat(WebAsyncUtils.getAsyncManager(started).getConcurrentResult())
        .isInstanceOf(TaskRejectedException.class);
    return mvc.perform(
        context -> {
          started.setDispatcherType(DispatcherType.ASYNC);
          started.setAsyncStarted(false);
          return started;
        });
  }

  private MockMvcTester.MockMvcRequestBuilder request(String tenant) {
    return mvc.post()
        .uri("/v1/tenants/" + tenant + "/triage")
        .contentType(MediaType.APPLICATION_JSON)
        .content(VALID);
  }
}
