package dev.sift.service.connectors;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts write-backs to one connector's platform on threads of its own, so that neither the
 * webhook's answer nor another connector waits for this platform. Each call is retried with
 * exponential backoff on a connection failure, a 5xx or a 429 (waiting at least the platform's
 * {@code Retry-After}), up to {@code max-attempts}, by Resilience4j's retry; a call refused with
 * another 4xx is not retried. Every failure is logged with the ticket and the call; one failed call
 * does not stop the calls after it (a note is still worth writing when a group is not). Each call's
 * outcome is counted in {@code sift.connectors.writebacks}, tagged by connector and outcome.
 */
final class WriteBackQueue implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WriteBackQueue.class);
  private static final int TOO_MANY_REQUESTS = 429;
  private static final int MAX_LOGGED_BODY_CHARS = 300;
  private static final double BACKOFF_MULTIPLIER = 2;

  /** Resilience4j's shortest wait between attempts. */
  private static final Duration SHORTEST_BACKOFF = Duration.ofMillis(1);

  static final String METRIC = "sift.connectors.writebacks";

  /** What became of one write-back call. */
  enum Outcome {
    /** The platform accepted it (2xx), maybe after retries. */
    OK,
    /** The platform refused it with a 4xx other than 429; not retried. */
    REFUSED,
    /**
     * Still failing after max-attempts, abandoned at shutdown, or dropped with the ticket's whole
     * write-back.
     */
    FAILED
  }

  private final String connector;
  private final String authorization;
  private final ConnectorProperties.WriteBack settings;
  private final HttpClient http;
  private final ThreadPoolExecutor executor;
  private final RetryConfig retries;
  private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

  WriteBackQueue(
      String connector,
      String authorization,
      ConnectorProperties.WriteBack settings,
      HttpClient http,
      MeterRegistry registry) {
    for (Outcome o : Outcome.values()) {
      outcomes.put(
          o,
          Counter.builder(METRIC)
              .description("Calls to the platform writing suggestions back")
              .tag("connector", connector)
              .tag("outcome", o.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    this.connector = connector;
    this.authorization = authorization;
    this.settings = settings;
    this.http = http;
    IntervalFunction backoff =
        IntervalFunction.ofExponentialBackoff(
            max(settings.initialBackoff(), SHORTEST_BACKOFF),
            BACKOFF_MULTIPLIER,
            max(settings.maxBackoff(), SHORTEST_BACKOFF));
    this.retries =
        RetryConfig.custom()
            .maxAttempts(settings.maxAttempts())
            .retryExceptions(IOException.class)
            .intervalBiFunction(
                (attempt, failure) ->
                    failure.getLeft() instanceof Throttled t
                        ? Math.min(
                            Math.max(t.retryAfter.toMillis(), backoff.apply(attempt)),
                            settings.maxBackoff().toMillis())
                        : backoff.apply(attempt))
            .build();
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            settings.threads(),
            settings.threads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(settings.queue()),
            r -> {
              Thread t =
                  new Thread(r, "sift-writeback-" + connector + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Queues a ticket's calls; false, logged, when the queue is full. */
  boolean submit(String ticket, WriteBackPlan plan) {
    try {
      executor.execute(
          () -> {
            for (WriteBackPlan.Call call : plan.calls()) {
              outcomes.get(send(ticket, call)).increment();
              if (Thread.currentThread().isInterrupted()) {
                return;
              }
            }
          });
      return true;
    } catch (RejectedExecutionException e) {
      log.warn(
          "connector {}: write-back queue full ({} waiting); dropped the write-back for ticket {}",
          connector,
          settings.queue(),
          ticket);
      outcomes.get(Outcome.FAILED).increment(plan.calls().size());
      return false;
    }
  }

  /** Sends one call with its retries. */
  private Outcome send(String ticket, WriteBackPlan.Call call) {
    HttpRequest request =
        HttpRequest.newBuilder(call.uri())
            .timeout(settings.timeout())
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()))
            .build();
    Retry retry = Retry.of(connector, retries);
    retry
        .getEventPublisher()
        .onRetry(
            e ->
                log.info(
                    "connector {}: {} for ticket {} failed ({}); retrying in {} ms",
                    connector,
                    call,
                    ticket,
                    describe(e.getLastThrowable()),
                    e.getWaitInterval().toMillis()));
    try {
      HttpResponse<String> response = retry.executeCheckedSupplier(() -> sendOnce(request));
      if (response.statusCode() / 100 == 2) {
        return Outcome.OK;
      }
      log.warn(
          "connector {}: {} for ticket {} refused with {}; not retried",
          connector,
          call,
          ticket,
          describe(response));
      return Outcome.REFUSED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return abandoned(ticket, call);
    } catch (Throwable e) {
      // Resilience4j's wait between attempts, interrupted, ends with the last failure.
      if (Thread.currentThread().isInterrupted()) {
        return abandoned(ticket, call);
      }
      log.warn(
          "connector {}: {} for ticket {} failed after {} attempts",
          connector,
          call,
          ticket,
          settings.maxAttempts(),
          e);
      return Outcome.FAILED;
    }
  }

  /** One attempt: an answer other than a 429 or 5xx, or an IOException to retry. */
  private HttpResponse<String> sendOnce(HttpRequest request)
      throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    if (status == TOO_MANY_REQUESTS || status / 100 == 5) {
      throw new Throttled(describe(response), retryAfter(response));
    }
    return response;
  }

  private Outcome abandoned(String ticket, WriteBackPlan.Call call) {
    log.warn("connector {}: {} for ticket {} abandoned at shutdown", connector, call, ticket);
    return Outcome.FAILED;
  }

  /**
   * A 429 or 5xx: the platform may take the call later, not before its {@code Retry-After}. An
   * IOException, so that the retry treats it like a connection failure.
   */
  private static final class Throttled extends IOException {
    final Duration retryAfter;

    Throttled(String failure, Duration retryAfter) {
      super(failure, null);
      this.retryAfter = retryAfter;
    }

    /** The platform's answer, not a fault here: logged as its status alone, without a trace. */
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private static String describe(HttpResponse<String> response) {
    return "status " + response.statusCode() + ": " + excerpt(response.body());
  }

  private static String describe(Throwable failure) {
    return failure instanceof Throttled ? failure.getMessage() : String.valueOf(failure);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * The platform's {@code Retry-After} in seconds, or zero when it sent none (or an HTTP date, left
   * alone).
   */
  private static Duration retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(v -> v.trim().matches("[0-9]{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v.trim())))
        .orElse(Duration.ZERO);
  }

  private static String excerpt(String body) {
    String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
    return flat.length() <= MAX_LOGGED_BODY_CHARS
        ? flat
        : flat.substring(0, MAX_LOGGED_BODY_CHARS) + "...";
  }

  /**
   * Lets write-backs under way finish for up to one call timeout, then abandons the rest, saying
   * how many.
   */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (executor.awaitTermination(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int dropped = executor.shutdownNow().size();
    if (dropped > 0) {
      log.warn("connector {}: {} queued write-backs dropped at shutdown", connector, dropped);
    }
  }
}
