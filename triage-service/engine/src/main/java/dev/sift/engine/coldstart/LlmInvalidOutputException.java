package dev.sift.engine.coldstart;

/** The LLM answered, but not with the JSON object it was asked for. */
public class LlmInvalidOutputException extends RuntimeException {
  public LlmInvalidOutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
