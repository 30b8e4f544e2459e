package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ResponseFormat;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A triage that spent most of its budget queueing skips the LLM as busy: no call is made, and the
 * circuit breaker, which counts failures of the LLM, not of the queue, stays closed.
 */
class LlmBudgetIT {

  /**
   * Long enough for the first call of a fresh client (LangChain4j's and the HTTP client's start-up)
   * on a loaded machine: with 4 s, a CI run under load saw the final call time out.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  /** More failures than open the breaker, had they been counted. */
  private static final int TRIAGES = 10;

  @Test
  void a_triage_with_too_little_time_left_skips_the_llm_without_opening_the_breaker() {
    try (StubLlmServer llm = new StubLlmServer();
        LlmClient client =
            LlmClient.create(
                new LlmSettings(
                    LlmSettings.Provider.OPENAI,
                    llm.baseUrl(),
                    "gpt-4o-mini",
                    "sk-test",
                    TIMEOUT,
                    true),
                Clock.systemUTC())) {
      llm.otherwise(StubLlmServer.Reply.ok("valid.json"));
      for (int i = 0; i < TRIAGES; i++) {
        // A tenth of the timeout left, as after a long wait for a worker.
        Instant deadline = Instant.now().plus(TIMEOUT.dividedBy(10));
        assertThatThrownBy(
                () ->
                    client.complete(
                        List.of(UserMessage.from("VPN down")), ResponseFormat.TEXT, deadline))
            .isInstanceOf(LlmBusyException.class);
      }
      assertThat(llm.received()).isEmpty();
      assertThat(client.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);

      // With the whole budget the call is made and answers.
      assertThat(
              client.complete(
                  List.of(UserMessage.from("VPN down")),
                  ResponseFormat.TEXT,
                  Instant.now().plus(TIMEOUT)))
          .isNotBlank();
      assertThat(llm.received()).hasSize(1);
    }
  }
}
