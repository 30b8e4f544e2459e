package dev.sift.service.system;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sift.llm.*}.
 *
 * @param provider {@code none} (default: zero-shot), {@code openai} (any OpenAI-compatible
 *     endpoint: OpenAI, Azure OpenAI, vLLM, LM Studio, Ollama's /v1) or {@code ollama} (Ollama's
 *     native API)
 * @param baseUrl e.g. {@code https://api.openai.com/v1}, {@code http://localhost:11434/v1} or, for
 *     the native API, {@code http://localhost:11434}
 * @param model the provider's model name, e.g. {@code gpt-4o-mini} or {@code llama3.2}
 * @param apiKey the key, if the endpoint needs one
 * @param timeout the longest a triage waits for the LLM, counted from the request's arrival (time
 *     queued for a worker, waiting for a call slot, the call and its retry all included); zero-shot
 *     answers when it runs out
 * @param redact replace e-mail addresses, phone numbers, IP addresses, IBANs and card numbers with
 *     placeholders before any text is sent
 * @param maxConcurrent LLM calls in flight at once, over all tenants; must be below {@code
 *     sift.limits.max-concurrent} together with {@code max-queued}, so a hung LLM leaves workers
 *     free
 * @param maxQueued triages that may wait for a free LLM call slot; beyond it the LLM is skipped and
 *     zero-shot answers at once ({@code degraded: llm-busy})
 */
public record LlmProperties(
    @DefaultValue("none") @NotNull Provider provider,
    String baseUrl,
    String model,
    String apiKey,
    @DefaultValue("10s") @NotNull java.time.Duration timeout,
    @DefaultValue("true") boolean redact,
    @DefaultValue("2") @Min(1) int maxConcurrent,
    @DefaultValue("1") @Min(0) int maxQueued) {

  @AssertTrue(message = "an LLM provider needs base-url and model")
  public boolean isComplete() {
    return provider == null
        || provider == Provider.NONE
        || (baseUrl != null && !baseUrl.isBlank() && model != null && !model.isBlank());
  }

  @AssertTrue(message = "timeout must be positive")
  public boolean isTimeoutPositive() {
    return timeout == null || (!timeout.isNegative() && !timeout.isZero());
  }

  /** Null when no provider is configured. */
  public dev.sift.engine.coldstart.LlmSettings toSettings() {
    if (provider == Provider.NONE) {
      return null;
    }
    return new dev.sift.engine.coldstart.LlmSettings(
        dev.sift.engine.coldstart.LlmSettings.Provider.valueOf(provider.name()),
        baseUrl,
        model,
        apiKey,
        timeout,
        redact,
        maxConcurrent,
        maxQueued);
  }

  /** {@code sift.llm.provider}. */
  public enum Provider {
    NONE,
    OPENAI,
    OLLAMA
  }
}
