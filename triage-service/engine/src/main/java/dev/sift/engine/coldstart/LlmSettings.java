package dev.sift.engine.coldstart;

import java.time.Duration;
import java.util.Objects;

/**
 * Which LLM cold-start triage calls, and how.
 *
 * @param provider {@code OPENAI} for any OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI,
 *     vLLM, LM Studio, Ollama's {@code /v1}), {@code OLLAMA} for Ollama's native API
 * @param baseUrl for example {@code https://api.openai.com/v1} or {@code http://localhost:11434}
 * @param model the model name the provider knows
 * @param apiKey may be null for local servers
 * @param timeout the longest a triage waits for the LLM, counted from the request's arrival; retry,
 *     back-off and waiting for a free call slot included. Zero-shot answers when it runs out
 * @param redact whether personal data is replaced by placeholders before text leaves the process
 * @param maxConcurrent LLM calls in flight at once, over all tenants (the bulkhead)
 * @param maxQueued triages that may wait for a free call slot; beyond it the LLM is skipped at once
 *     and zero-shot answers ({@code degraded: llm-busy}), so a slow or hung LLM never holds more
 *     than {@code maxConcurrent + maxQueued} of the caller's threads
 */
public record LlmSettings(
    Provider provider,
    String baseUrl,
    String model,
    String apiKey,
    Duration timeout,
    boolean redact,
    int maxConcurrent,
    int maxQueued) {

  /** The default budget of one LLM call. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Default LLM calls in flight: fewer than the service's four workers, so a hung LLM leaves
   * workers free.
   */
  public static final int DEFAULT_MAX_CONCURRENT = 2;

  /** Default triages waiting for a call slot. */
  public static final int DEFAULT_MAX_QUEUED = 1;

  public enum Provider {
    OPENAI,
    OLLAMA
  }

  public LlmSettings {
    Objects.requireNonNull(provider, "provider");
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("an LLM provider needs a base URL");
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("an LLM provider needs a model name");
    }
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("LLM timeout must be positive, was " + timeout);
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException(
          "LLM maxConcurrent must be at least 1, was " + maxConcurrent);
    }
    if (maxQueued < 0) {
      throw new IllegalArgumentException("LLM maxQueued must not be negative, was " + maxQueued);
    }
  }

  /** With the default bulkhead. */
  public LlmSettings(
      Provider provider,
      String baseUrl,
      String model,
      String apiKey,
      Duration timeout,
      boolean redact) {
    this(
        provider,
        baseUrl,
        model,
        apiKey,
        timeout,
        redact,
        DEFAULT_MAX_CONCURRENT,
        DEFAULT_MAX_QUEUED);
  }

  /** Names the model in logged suggestions, e.g. {@code openai/gpt-4o-mini}. */
  public String version() {
    return provider.name().toLowerCase(java.util.Locale.ROOT) + "/" + model;
  }
}
