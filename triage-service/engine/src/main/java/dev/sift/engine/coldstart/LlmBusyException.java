package dev.sift.engine.coldstart;

/**
 * The LLM was not called: its bulkhead was full (every call slot taken and the wait queue full, or
 * no slot freed before the triage's deadline). Zero-shot answers instead.
 */
public final class LlmBusyException extends RuntimeException {
  public LlmBusyException(String message) {
    super(message);
  }
}
