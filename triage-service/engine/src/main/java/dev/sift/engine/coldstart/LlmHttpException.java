package dev.sift.engine.coldstart;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;

/**
 * A non-2xx answer from the LLM endpoint, with the wait its {@code Retry-After} header asked for,
 * if any.
 */
public class LlmHttpException extends HttpException {
  private final transient Duration retryAfter;

  public LlmHttpException(int statusCode, String body, Duration retryAfter) {
    super(statusCode, body);
    this.retryAfter = retryAfter;
  }

  /** Null when the server sent no usable {@code Retry-After}. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
