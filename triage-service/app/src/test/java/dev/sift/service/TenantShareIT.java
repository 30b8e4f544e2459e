package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.service.Http.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.context.TestPropertySource;

/**
 * One worker and three queue slots, half of them per tenant: a tenant sending more concurrent work
 * than its two slots is refused 503 overloaded for the excess, and another tenant's triage still
 * finds room.
 */
@TestPropertySource(
    properties = {
      "sift.limits.max-concurrent=1",
      "sift.limits.max-queued=3",
      "sift.limits.tenant-share=0.5"
    })
class TenantShareIT extends RunningService {

  /** floor(0.5 × (1 + 3)). */
  private static final int MAX_PER_TENANT = 2;

  private static final int GREEDY_REQUESTS = 4;

  /**
   * Tickets per greedy batch: embedding them keeps a worker busy for about a second on two cores.
   */
  private static final int SLOW_BATCH = 300;

  @Autowired ThreadPoolTaskExecutor siftWorkers;

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
              "It started after the update; restarting does not help. Case " + i + ".",
              "category",
              "Email"));
    }
    return tickets;
  }

  @Test
  void a_tenant_over_its_share_of_the_workers_is_shed_while_another_tenant_is_served()
      throws Exception {
    assertThat(http.postJson("/v1/tenants/polite/tickets", batch("p-", 3)).status()).isIn(200, 201);
    assertThat(http.postJson("/v1/tenants/greedy/tickets", batch("g-", 3)).status()).isIn(200, 201);

    ExecutorService clients = Executors.newFixedThreadPool(GREEDY_REQUESTS);
    try {
      List<CompletableFuture<Reply>> greedy = new ArrayList<>();
      for (int i = 0; i < GREEDY_REQUESTS; i++) {
        String prefix = "burst-" + i + "-";
        greedy.add(
            CompletableFuture.supplyAsync(
                () ->
                    new Http(port)
                        .postJson("/v1/tenants/greedy/tickets", batch(prefix, SLOW_BATCH)),
                clients));
      }
      // Every greedy request has either been refused or holds a worker or queue slot.
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (greedy.stream().filter(CompletableFuture::isDone).count()
                  + siftWorkers.getActiveCount()
                  + siftWorkers.getQueueSize()
              < GREEDY_REQUESTS
          && System.nanoTime() < until) {
        LockSupport.parkNanos(5_000_000L);
      }

      Reply polite =
          http.postJson("/v1/tenants/polite/triage", Map.of("subject", "Outlook crashes on start"));

      assertThat(polite.status()).as(polite.body()).isEqualTo(200);
      List<Reply> answers = greedy.stream().map(CompletableFuture::join).toList();
      List<Reply> shed = answers.stream().filter(r -> r.status() == 503).toList();
      assertThat(shed)
          .as("greedy answers %s", answers.stream().map(Reply::status).toList())
          .hasSize(GREEDY_REQUESTS - MAX_PER_TENANT);
      shed.forEach(
          r -> {
            r.assertProblem(503, "overloaded", "/v1/tenants/greedy/tickets");
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(r.json().path("maxPerTenant").asInt()).isEqualTo(MAX_PER_TENANT);
            assertThat(r.json().path("detail").asString())
                .contains("greedy", "sift.limits.tenant-share");
          });
      assertThat(answers)
          .filteredOn(r -> r.status() != 503)
          .allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(200, 201));
    } finally {
      clients.shutdownNow();
    }
  }
}
