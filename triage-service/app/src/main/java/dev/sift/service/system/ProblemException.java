package dev.sift.service.system;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the service turns down, rendered by {@link ProblemHandler} as an RFC 9457 problem of
 * the given {@link ProblemType}. Extra properties become members of the problem object, for example
 * {@code index}.
 */
public class ProblemException extends RuntimeException {

  private final ProblemType type;
  private final Map<String, Object> properties = new LinkedHashMap<>();

  public ProblemException(ProblemType type, String detail) {
    super(detail);
    this.type = type;
  }

  public ProblemType type() {
    return type;
  }

  /** Adds a member to the problem object. */
  public ProblemException with(String name, Object value) {
    properties.put(name, value);
    return this;
  }

  public Map<String, Object> properties() {
    return Collections.unmodifiableMap(properties);
  }

  public static ProblemException invalidParameter(String parameter, String detail) {
    return new ProblemException(ProblemType.INVALID_PARAMETER, detail).with("parameter", parameter);
  }

  public static ProblemException payloadTooLarge(long maxBytes, String what) {
    return new ProblemException(
            ProblemType.PAYLOAD_TOO_LARGE,
            what + " is larger than the limit of " + maxBytes + " bytes.")
        .with("maxBytes", maxBytes);
  }
}
