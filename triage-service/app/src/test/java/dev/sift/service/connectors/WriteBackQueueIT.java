package dev.sift.service.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Write-back retries against a local HTTP server: which answers are retried, how often, and in what
 * order.
 */
class WriteBackQueueIT {

  private static final ConnectorProperties.WriteBack SETTINGS =
      new ConnectorProperties.WriteBack(
          1, 10, 3, Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofSeconds(5));

  private HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> hits = new CopyOnWriteArrayList<>();
  private final AtomicInteger throttled = new AtomicInteger();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getPath();
          hits.add(path + " " + exchange.getRequestHeaders().getFirst("Authorization"));
          int status =
              switch (path) {
                case "/throttled" -> throttled.getAndIncrement() == 0 ? 429 : 200;
                case "/refused" -> 422;
                case "/down" -> 503;
                default -> 200;
              };
          if (status == 429) {
            exchange.getResponseHeaders().add("Retry-After", "0");
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    http.close();
  }

  private WriteBackPlan.Call call(String path) {
    return new WriteBackPlan.Call(
        "POST", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), "{}");
  }

  @Test
  void
      a_429_and_5xx_are_retried_up_to_max_attempts_another_4xx_never_and_no_failure_stops_the_next_call() {
    try (WriteBackQueue queue =
        new WriteBackQueue("test/desk", "Token token=t", SETTINGS, http, registry)) {
      boolean queued =
          queue.submit(
              "81",
              new WriteBackPlan(
                  List.of(),
                  List.of(call("/throttled"), call("/refused"), call("/down"), call("/note"))));

      assertThat(queued).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> hits.size() >= 7);
    }
    assertThat(hits)
        .containsExactly(
            "/throttled Token token=t",
            "/throttled Token token=t",
            "/refused Token token=t",
            "/down Token token=t",
            "/down Token token=t",
            "/down Token token=t",
            "/note Token token=t");
    assertThat(count("ok")).isEqualTo(2);
    assertThat(count("refused")).isEqualTo(1);
    assertThat(count("failed")).isEqualTo(1);
  }

  private double count(String outcome) {
    return registry
        .get(WriteBackQueue.METRIC)
        .tag("connector", "test/desk")
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  @Test
  void a_full_queue_drops_the_write_back_and_says_so() throws InterruptedException {
    ConnectorProperties.WriteBack tiny =
        new ConnectorProperties.WriteBack(
            1, 1, 1, Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofSeconds(5));
    server.removeContext("/");
    CountDownLatch release = new CountDownLatch(1);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          hits.add(exchange.getRequestURI().getPath());
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    try (WriteBackQueue queue =
        new WriteBackQueue("test/desk", "Token token=t", tiny, http, registry)) {
      WriteBackPlan plan = new WriteBackPlan(List.of(), List.of(call("/slow")));
      assertThat(queue.submit("1", plan)).isTrue(); // running, held by the server
      await().atMost(Duration.ofSeconds(10)).until(() -> hits.size() == 1);
      assertThat(queue.submit("2", plan)).isTrue(); // waiting in the queue of one
      assertThat(queue.submit("3", plan)).isFalse();
      release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> hits.size() == 2);
    }
    assertThat(hits).as("the dropped write-back never reached the platform").hasSize(2);
    assertThat(count("ok")).isEqualTo(2);
    assertThat(count("failed")).as("the dropped write-back's call").isEqualTo(1);
  }
}
