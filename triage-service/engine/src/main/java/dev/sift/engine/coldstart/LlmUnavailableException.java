package dev.sift.engine.coldstart;

/**
 * The LLM gave no answer within the request's budget: an error, a timeout, or an open circuit
 * breaker.
 */
public class LlmUnavailableException extends RuntimeException {
  public LlmUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
