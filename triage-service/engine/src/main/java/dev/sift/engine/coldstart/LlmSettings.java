package dev.sift.engine.coldstart;

import java.time.Duration;
import java.util.Objects;

/**
 * Which LLM cold-start triage calls, and how.
 *
 * @param provider {@code OPENAI} for any OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI, vLLM, LM Studio,
 *     Ollama's {@code /v1}), {@code OLLAMA} for Ollama's native API
 * @param baseUrl for example {@code https://api.openai.com/v1} or {@code http://localhost:11434}
 * @param model the model name the provider knows
 * @param apiKey may be null for local servers
 * @param timeout the whole budget of one triage's LLM call, retry and back-off included
 * @param redact whether personal data is replaced by placeholders before text leaves the process
 */
public record LlmSettings(Provider provider, String baseUrl, String model, String apiKey, Duration timeout,
    boolean redact) {

  /** The default budget of one LLM call. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public enum Provider { OPENAI, OLLAMA }

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
  }

  /** Names the model in logged suggestions, e.g. {@code openai/gpt-4o-mini}. */
  public String version() {
    return provider.name().toLowerCase(java.util.Locale.ROOT) + "/" + model;
  }
}
