package dev.sift.service.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.sift.engine.incident.Incident;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The webhook's retries against a local receiver that always fails. */
class IncidentWebhookIT {

  private static final Duration BACKOFF = Duration.ofMillis(20);
  private static final int MAX_ATTEMPTS = 3;

  private HttpServer server;
  private final List<Instant> attempts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          attempts.add(Instant.now());
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void a_failing_receiver_gets_max_attempts_with_doubling_waits_and_no_more()
      throws InterruptedException {
    IncidentProperties.Webhook config =
        new IncidentProperties.Webhook(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
            null,
            MAX_ATTEMPTS,
            BACKOFF,
            Duration.ofSeconds(5));
    try (IncidentWebhook webhook = new IncidentWebhook(config, JsonMapper.builder().build())) {
      webhook.deliver("acme", incident());

      await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() >= MAX_ATTEMPTS);
      Thread.sleep(BACKOFF.multipliedBy(8).toMillis());
    }
    assertThat(attempts).hasSize(MAX_ATTEMPTS);
    assertThat(Duration.between(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(BACKOFF);
    assertThat(Duration.between(attempts.get(1), attempts.get(2)))
        .isGreaterThanOrEqualTo(BACKOFF.multipliedBy(2));
  }

  private static Incident incident() {
    Instant now = Instant.parse("2026-05-01T09:00:00Z");
    return new Incident(
        "inc-1",
        "candidate",
        now,
        now,
        5,
        5,
        3,
        List.of("c1", "c2", "c3"),
        List.of("t1", "t2", "t3", "t4", "t5"),
        "VPN down",
        List.of("vpn"),
        0.9,
        0.1,
        "five tickets in ten minutes");
  }
}
