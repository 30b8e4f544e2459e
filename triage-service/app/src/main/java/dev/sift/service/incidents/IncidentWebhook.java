package dev.sift.service.incidents;

import dev.sift.engine.incident.Incident;
import dev.sift.service.system.Signatures;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts each new candidate to the configured URL, once, signed, with retries and exponential
 * backoff. Delivery runs on its own thread so that a slow receiver never delays a triage.
 */
final class IncidentWebhook implements AutoCloseable {

  static final String SIGNATURE_HEADER = "X-Sift-Signature";
  private static final Logger log = LoggerFactory.getLogger(IncidentWebhook.class);

  private final IncidentProperties.Webhook config;
  private final JsonMapper json;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sift-incident-webhook");
            t.setDaemon(true);
            return t;
          });

  IncidentWebhook(IncidentProperties.Webhook config, JsonMapper json) {
    this.config = config;
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
  }

  /** The body posted for a candidate. */
  record Event(String type, String tenant, Incident incident) {}

  void deliver(String tenant, Incident incident) {
    byte[] body = json.writeValueAsBytes(new Event("major-incident-candidate", tenant, incident));
    scheduler.execute(() -> attempt(body, incident.id(), 1, config.initialBackoff()));
  }

  private void attempt(byte[] body, String incidentId, int attempt, Duration backoff) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(config.url())
              .timeout(config.timeout())
              .header("Content-Type", "application/json")
              .header("X-Sift-Delivery", incidentId)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (config.secret() != null && !config.secret().isEmpty()) {
        request.header(SIGNATURE_HEADER, Signatures.Scheme.SHA256.sign(config.secret(), body));
      }
      HttpResponse<Void> response =
          http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        return;
      }
      retry(body, incidentId, attempt, backoff, "status " + response.statusCode());
    } catch (java.io.IOException e) {
      retry(body, incidentId, attempt, backoff, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void retry(byte[] body, String incidentId, int attempt, Duration backoff, String why) {
    if (attempt >= config.maxAttempts()) {
      log.warn(
          "giving up on webhook for incident {} after {} attempts: {}", incidentId, attempt, why);
      return;
    }
    log.info("webhook for incident {} failed ({}); retrying in {}", incidentId, why, backoff);
    scheduler.schedule(
        () -> attempt(body, incidentId, attempt + 1, backoff.multipliedBy(2)),
        backoff.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    http.close();
  }
}
