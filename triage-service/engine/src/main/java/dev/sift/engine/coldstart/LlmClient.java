package dev.sift.engine.coldstart;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One chat call through LangChain4j, within a deadline: at most one retry, on 429 or 5xx, after the
 * server's {@code Retry-After} (or a short back-off) when that still fits before the deadline; a
 * circuit breaker so that a dead endpoint costs nothing; a bulkhead ({@link LlmBulkhead}) so that a
 * slow or hung endpoint holds few callers. The retry and the breaker are Resilience4j's.
 * LangChain4j's own retries are off, so that this class alone decides.
 */
public final class LlmClient implements AutoCloseable {

  /**
   * Share of {@code sift.llm.timeout} that must be left of the triage's deadline for a call to
   * start; less, and the LLM is skipped as busy rather than called and cut short.
   */
  static final double MIN_BUDGET_SHARE = 0.25;

  /** Failures in a row that open the circuit breaker. */
  static final int BREAKER_THRESHOLD = 5;

  /** How long an open breaker refuses calls before letting one trial through. */
  static final Duration BREAKER_OPEN_FOR = Duration.ofSeconds(30);

  /** Back-off before the retry when the server gives no Retry-After. */
  static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);

  /** The first call and at most one retry. */
  static final int MAX_ATTEMPTS = 2;

  /** Failure rate, in percent, of the breaker's window that opens it: every call in it failed. */
  private static final float ALL_FAILED = 100f;

  /**
   * A call's duration that would count as slow: never, since the triage's deadline and the bulkhead
   * deal with slowness, and a slow answer is still an answer.
   */
  private static final Duration NEVER_SLOW = Duration.ofNanos(Long.MAX_VALUE);

  /** Deterministic answers: the same ticket gets the same labels. */
  private static final double TEMPERATURE = 0.0;

  private final ChatModel model;
  private final LlmSettings settings;
  private final Clock clock;
  private final CircuitBreaker breaker;
  private final LlmBulkhead bulkhead;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

  LlmClient(ChatModel model, LlmSettings settings, Clock clock) {
    this.model = model;
    this.settings = settings;
    this.clock = clock;
    this.breaker = breaker(BREAKER_THRESHOLD, BREAKER_OPEN_FOR, clock);
    this.bulkhead = new LlmBulkhead(settings.maxConcurrent(), settings.maxQueued(), clock);
  }

  /**
   * A breaker that opens after {@code threshold} failures in a row (a window of that many calls,
   * all failed), refuses every call for {@code openFor}, then lets one trial through whose outcome
   * closes it or opens it again.
   */
  static CircuitBreaker breaker(int threshold, Duration openFor, Clock clock) {
    return CircuitBreaker.of(
        "llm",
        CircuitBreakerConfig.custom()
            .slidingWindow(threshold, threshold, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .failureRateThreshold(ALL_FAILED)
            .slowCallDurationThreshold(NEVER_SLOW)
            .waitDurationInOpenState(openFor)
            .permittedNumberOfCallsInHalfOpenState(1)
            .clock(clock)
            .build());
  }

  /** Builds the provider's LangChain4j chat model. */
  public static LlmClient create(LlmSettings s, Clock clock) {
    RetryAfterHttpClient.Builder http = new RetryAfterHttpClient.Builder();
    ChatModel model =
        switch (s.provider()) {
          case OPENAI ->
              OpenAiChatModel.builder()
                  .httpClientBuilder(http)
                  .baseUrl(s.baseUrl())
                  .apiKey(s.apiKey() == null || s.apiKey().isBlank() ? "none" : s.apiKey())
                  .modelName(s.model())
                  .temperature(TEMPERATURE)
                  .strictJsonSchema(true)
                  .supportedCapabilities(
                      dev.langchain4j.model.chat.Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                  .timeout(s.timeout())
                  .maxRetries(0)
                  .build();
          case OLLAMA ->
              OllamaChatModel.builder()
                  .httpClientBuilder(http)
                  .baseUrl(s.baseUrl())
                  .modelName(s.model())
                  .temperature(TEMPERATURE)
                  .timeout(s.timeout())
                  .maxRetries(0)
                  .build();
        };
    return new LlmClient(model, s, clock);
  }

  public LlmSettings settings() {
    return settings;
  }

  public CircuitBreaker.State breakerState() {
    return breaker.getState();
  }

  /**
   * The model's text answer.
   *
   * @throws LlmBusyException when the bulkhead had no call slot for it before the deadline (not a
   *     failure of the LLM: the circuit breaker does not count it)
   * @throws LlmUnavailableException when no answer came before the deadline
   */
  public String complete(List<ChatMessage> messages, ResponseFormat format, Instant deadline) {
    // The slot first: a caller turned away by the bulkhead must not take the breaker's half-open
    // trial.
    LlmBulkhead.Slot slot = bulkhead.acquire(deadline);
    try {
      // A triage that spent most of its budget queueing for a worker or a slot skips the LLM: a
      // call cut short by that would count as an LLM failure and could open the breaker while the
      // LLM is healthy.
      if (Duration.between(clock.instant(), deadline).toMillis()
          < settings.timeout().toMillis() * MIN_BUDGET_SHARE) {
        throw new LlmBusyException("too little of the triage's time left for the LLM");
      }
      return completeWithin(messages, format, deadline, slot);
    } finally {
      slot.release();
    }
  }

  private String completeWithin(
      List<ChatMessage> messages, ResponseFormat format, Instant deadline, LlmBulkhead.Slot slot) {
    ChatRequest request = ChatRequest.builder().messages(messages).responseFormat(format).build();
    // The breaker counts the call with its retry as one outcome.
    Supplier<String> call =
        CircuitBreaker.decorateSupplier(
            breaker,
            Retry.decorateSupplier(retryBefore(deadline), () -> attempt(request, deadline, slot)));
    try {
      return call.get();
    } catch (CallNotPermittedException open) {
      throw new LlmUnavailableException("circuit breaker open after repeated LLM failures", null);
    } catch (LlmUnavailableException u) {
      throw u;
    } catch (RuntimeException e) {
      throw new LlmUnavailableException("LLM call failed: " + e.getMessage(), e);
    }
  }

  /** The retry of one call: only when worth it and when its wait ends before the deadline. */
  private Retry retryBefore(Instant deadline) {
    return Retry.of(
        "llm",
        RetryConfig.<String>custom()
            .maxAttempts(MAX_ATTEMPTS)
            .retryOnException(
                e -> {
                  Duration wait = retryWait(e);
                  return wait != null && clock.instant().plus(wait).isBefore(deadline);
                })
            .intervalBiFunction((attempt, failure) -> retryWait(failure.getLeft()).toMillis())
            .build());
  }

  private String attempt(ChatRequest request, Instant deadline, LlmBulkhead.Slot slot) {
    long remainingMs = Duration.between(clock.instant(), deadline).toMillis();
    if (remainingMs <= 0) {
      throw new LlmUnavailableException("no time left for the LLM", null);
    }
    FutureTask<String> f = new FutureTask<>(() -> model.chat(request).aiMessage().text());
    slot.hold();
    try {
      // Released when run() returns: after the call, or at once for a call cancelled before it
      // started.
      calls.execute(
          () -> {
            try {
              f.run();
            } finally {
              slot.release();
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      slot.release();
      throw new LlmUnavailableException("the LLM client is closed", closed);
    }
    try {
      return f.get(remainingMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new LlmUnavailableException("LLM did not answer before the triage's deadline", e);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new LlmUnavailableException("interrupted while waiting for the LLM", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new LlmUnavailableException("LLM call failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * How long to wait before the retry, or null when the failure is not worth retrying (4xx other
   * than 429).
   */
  static Duration retryWait(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpException h) {
        int s = h.statusCode();
        if (s != 429 && s < 500) {
          return null;
        }
        Duration after = h instanceof LlmHttpException l ? l.retryAfter() : null;
        return after != null ? after : DEFAULT_BACKOFF;
      }
    }
    return null;
  }

  @Override
  public void close() {
    calls.shutdownNow();
  }
}
