package dev.sift.engine.coldstart;

/** A taxonomy sent by a client is not usable; the message says why. */
public class InvalidTaxonomyException extends RuntimeException {
  public InvalidTaxonomyException(String message) {
    super(message);
  }
}
