package dev.sift.data;

/**
 * An import that cannot start or continue: unreadable input, no header row, a mapped column missing
 * from the file. Bad individual rows never raise this; they are skipped and listed in the {@link
 * ImportReport}.
 */
public class ImportException extends RuntimeException {

  public ImportException(String message) {
    super(message);
  }

  public ImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
