package dev.sift.service.incidents;

import dev.sift.engine.incident.Incident;
import dev.sift.service.system.Signatures;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts each new candidate to the configured URL, once, signed, with retries and exponential
 * backoff (Resilience4j's retry). Delivery runs on its own thread so that a slow receiver never
 * delays a triage, and a delivery waiting for its retry never delays another.
 */
final class IncidentWebhook implements AutoCloseable {

  static final String SIGNATURE_HEADER = "X-Sift-Signature";
  private static final Logger log = LoggerFactory.getLogger(IncidentWebhook.class);
  private static final double BACKOFF_MULTIPLIER = 2;

  /** Resilience4j's shortest wait between attempts. */
  private static final Duration SHORTEST_BACKOFF = Duration.ofMillis(1);

  private final IncidentProperties.Webhook config;
  private final JsonMapper json;
  private final HttpClient http;
  private final RetryConfig retries;
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
    Duration initial = config.initialBackoff();
    this.retries =
        RetryConfig.custom()
            .maxAttempts(config.maxAttempts())
            .retryExceptions(IOException.class)
            .intervalFunction(
                IntervalFunction.ofExponentialBackoff(
                    initial.compareTo(SHORTEST_BACKOFF) < 0 ? SHORTEST_BACKOFF : initial,
                    BACKOFF_MULTIPLIER))
            .build();
  }

  /** The body posted for a candidate. */
  record Event(String type, String tenant, Incident incident) {}

  void deliver(String tenant, Incident incident) {
    byte[] body = json.writeValueAsBytes(new Event("major-incident-candidate", tenant, incident));
    String id = incident.id();
    Retry retry = Retry.of("incident-webhook", retries);
    retry
        .getEventPublisher()
        .onRetry(
            e ->
                log.info(
                    "webhook for incident {} failed ({}); retrying in {}",
                    id,
                    describe(e.getLastThrowable()),
                    e.getWaitInterval()))
        .onError(
            e ->
                log.warn(
                    "giving up on webhook for incident {} after {} attempts",
                    id,
                    e.getNumberOfRetryAttempts(),
                    e.getLastThrowable()));
    // The first attempt too runs on the webhook's thread, not the triage's.
    scheduler.execute(
        () -> Retry.decorateCompletionStage(retry, scheduler, () -> attempt(body, id)).get());
  }

  private CompletionStage<Void> attempt(byte[] body, String incidentId) {
    CompletableFuture<Void> done = new CompletableFuture<>();
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
        done.complete(null);
      } else {
        done.completeExceptionally(new Refused(response.statusCode()));
      }
    } catch (IOException e) {
      done.completeExceptionally(e);
    } catch (InterruptedException e) {
      // Shutting down: not retried.
      Thread.currentThread().interrupt();
      done.completeExceptionally(e);
    }
    return done;
  }

  /** Any answer but a 2xx is retried: an IOException, so that the retry treats it as one. */
  private static final class Refused extends IOException {
    Refused(int status) {
      super("status " + status, null);
    }

    /** The receiver's answer, not a fault here: logged as its status alone, without a trace. */
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private static String describe(Throwable failure) {
    return failure instanceof Refused ? failure.getMessage() : String.valueOf(failure);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    http.close();
  }
}
