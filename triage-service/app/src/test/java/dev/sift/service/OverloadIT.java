package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sift.service.Http.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * One worker and no queue: concurrent work beyond it is shed at once with 503 overloaded, and work
 * that outlives the request timeout is answered 503 request-timeout, while the service keeps
 * serving.
 */
@TestPropertySource(
    properties = {
      "sift.limits.max-concurrent=1",
      "sift.limits.max-queued=0",
      "sift.limits.request-timeout=50ms"
    })
class OverloadIT extends RunningService {

  /**
   * Tickets per batch: embedding this many long texts takes seconds on two cores, far past the 50
   * ms timeout. Tomcat checks async timeouts about once a second, so the batch must outlast that
   * check, not just the timeout: 200 did not always once embedding got faster; 500 take about 2 s.
   */
  private static final int SLOW_BATCH = 500;

  private static final int PARALLEL = 4;

  private static List<Map<String, String>> batch(String prefix, int size) {
    List<Map<String, String>> tickets = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      tickets.add(
          Map.of(
              "id",
              prefix + i,
              "subject",
              "Outlook crashes when opening shared calendar number " + i,
              "body",
              ("It started after the update; restarting does not help. The calendar of the finance team shows "
                      + "a spinning wheel, then Outlook closes without an error. Case "
                      + i
                      + ". ")
                  .repeat(4),
              "category",
              "Email"));
    }
    return tickets;
  }

  @Test
  void work_past_the_timeout_is_503_but_still_stored_and_excess_concurrency_is_shed()
      throws Exception {

    Reply slow = http.postJson("/v1/tenants/ov/tickets", batch("slow-", SLOW_BATCH));

    slow.assertProblem(503, "request-timeout", "/v1/tenants/ov/tickets");
    // The write was not interrupted: it finishes and is durable, merely unacknowledged.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> http.get("/v1/tenants/ov/tickets/slow-" + (SLOW_BATCH - 1)).status() == 200);

    ExecutorService clients = Executors.newFixedThreadPool(PARALLEL);
    List<CompletableFuture<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < PARALLEL; i++) {
      int n = i;
      replies.add(
          CompletableFuture.supplyAsync(
              () ->
                  http.postJson(
                      "/v1/tenants/ov/tickets", batch("burst-" + n + "-", SLOW_BATCH / 2)),
              clients));
    }
    List<Reply> answers = replies.stream().map(CompletableFuture::join).toList();
    clients.shutdown();

    List<Reply> shed =
        answers.stream().filter(r -> r.body().contains("/problems/overloaded")).toList();
    assertThat(shed).as("answers %s", answers.stream().map(Reply::status).toList()).isNotEmpty();
    shed.forEach(
        r -> {
          r.assertProblem(503, "overloaded", "/v1/tenants/ov/tickets");
          assertThat(r.header("Retry-After")).isEqualTo("1");
        });
    assertThat(answers).allSatisfy(r -> assertThat(r.status()).isIn(200, 201, 503));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                http.postJson("/v1/tenants/ov/triage", Map.of("subject", "Outlook crashes"))
                        .status()
                    == 200);
  }
}
