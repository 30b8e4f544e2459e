package dev.sift.service.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerMapping;

class WorkerPoolTest {

  private final WorkerPool pool = new WorkerPool(1, 3, 2);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    RequestContextHolder.resetRequestAttributes();
    pool.shutdown();
  }

  private static void requestFor(String tenant) {
    MockHttpServletRequest request =
        new MockHttpServletRequest("POST", "/v1/tenants/" + tenant + "/triage");
    request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("tenant", tenant));
    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
  }

  private Future<?> blocking() {
    return pool.submit(
        () -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  @Test
  void a_tenant_beyond_its_share_is_refused_while_another_tenant_gets_a_slot() throws Exception {
    requestFor("greedy");
    blocking();
    Future<?> queued = blocking();
    assertThatThrownBy(this::blocking)
        .isInstanceOf(WorkerPool.TenantShareExceededException.class)
        .hasMessageContaining("greedy");
    requestFor("polite");
    Future<?> polite = pool.submit(() -> "ok");
    assertThat(pool.inFlight("greedy")).isEqualTo(2);

    // A queued request cancelled (its request timed out) gives its slot back before it would have
    // run.
    queued.cancel(true);
    assertThat(pool.inFlight("greedy")).isEqualTo(1);
    assertThat(pool.getThreadPoolExecutor().getQueue()).as("and its queue slot").hasSize(1);
    requestFor("greedy");
    blocking();

    release.countDown();
    assertThat(polite.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while ((pool.inFlight("greedy") > 0 || pool.inFlight("polite") > 0)
        && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(pool.inFlight("greedy")).isZero();
    assertThat(pool.inFlight("polite")).isZero();
  }

  @Test
  void waiting_requests_are_served_round_robin_by_tenant_not_behind_one_tenants_backlog()
      throws Exception {
    WorkerPool fair = new WorkerPool(1, 10, 10);
    List<String> ran = new CopyOnWriteArrayList<>();
    try {
      requestFor("greedy");
      fair.submit(
          () -> {
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      List<Future<?>> all = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        String name = "greedy-" + i;
        all.add(fair.submit(() -> ran.add(name)));
      }
      requestFor("polite");
      all.add(fair.submit(() -> ran.add("polite-1")));
      assertThat(fair.getQueueSize()).isEqualTo(4);

      release.countDown();
      for (Future<?> f : all) {
        f.get(5, TimeUnit.SECONDS);
      }
      assertThat(ran).containsExactly("greedy-1", "polite-1", "greedy-2", "greedy-3");
    } finally {
      fair.shutdown();
    }
  }

  @Test
  void a_webhook_counts_against_the_tenant_its_connector_is_bound_to() {
    MockHttpServletRequest webhook = new MockHttpServletRequest("POST", "/v1/connectors/jira/itsm");
    WorkerTenant.bind(webhook, "greedy");
    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(webhook));
    blocking();
    blocking();

    assertThatThrownBy(this::blocking)
        .isInstanceOf(WorkerPool.TenantShareExceededException.class)
        .hasMessageContaining("greedy");
  }

  @Test
  void a_full_pool_still_refuses_and_the_refused_request_holds_no_slot() {
    WorkerPool small = new WorkerPool(1, 0, 5);
    try {
      requestFor("t");
      small.submit(
          () -> {
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      assertThatThrownBy(() -> small.submit(() -> "late"))
          .isInstanceOf(TaskRejectedException.class)
          .isNotInstanceOf(WorkerPool.TenantShareExceededException.class);
      assertThat(small.inFlight("t")).isEqualTo(1);
    } finally {
      release.countDown();
      small.shutdown();
    }
  }
}
