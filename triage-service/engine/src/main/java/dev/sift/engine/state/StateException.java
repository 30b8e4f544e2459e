package dev.sift.engine.state;

/** Engine state could not be read or written. */
public final class StateException extends RuntimeException {
  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
