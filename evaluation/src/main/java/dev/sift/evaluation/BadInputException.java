package dev.sift.evaluation;

/**
 * Thrown for options or input that make a run meaningless; the message names the option, column or
 * line.
 */
public final class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }
}
