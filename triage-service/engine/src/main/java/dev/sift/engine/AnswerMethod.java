package dev.sift.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a field was answered: by the tenant's nearest past tickets, or by cold start (zero-shot or
 * the LLM). A whole triage answer is {@link #MIXED} when its fields differ. Each has a wire name,
 * the string callers see in the REST API and the prediction log stores; those strings are a public
 * contract and never change.
 */
public enum AnswerMethod {
  /** The similarity-weighted votes of the tenant's nearest past tickets, with their fit. */
  NEIGHBOURS("neighbours"),
  /** Cold start by the tenant's taxonomy, embedded and calibrated. */
  ZERO_SHOT("zero-shot"),
  /** Cold start by the configured LLM. */
  LLM("llm"),
  /** A whole answer whose fields were answered by different methods; never one field's. */
  MIXED("mixed");

  private final String wire;

  AnswerMethod(String wire) {
    this.wire = wire;
  }

  /** The name callers see, e.g. {@code zero-shot}. */
  @JsonValue
  public String wire() {
    return wire;
  }

  /**
   * The method of a wire name.
   *
   * @throws IllegalArgumentException for a name no method has
   */
  @JsonCreator
  public static AnswerMethod fromWire(String wire) {
    for (AnswerMethod m : values()) {
      if (m.wire.equals(wire)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown answer method '" + wire + "'");
  }
}
