package dev.sift.service.connectors;

import dev.sift.engine.TriageResult;
import java.util.Optional;

/**
 * What one platform field gets from a triage. Sift's promise is a calibrated confidence, so only a
 * suggestion that did not abstain is ever applied; an abstained one is only reported, with its best
 * guess, in the internal note.
 *
 * @param target the platform field, in the platform's words ({@code group}, {@code tag}, {@code
 *     component})
 * @param siftField the suggestion field it comes from
 * @param siftValue Sift's value, or its best guess when unsure
 * @param platformValue what is written to the platform; null unless {@link Kind#APPLY}
 */
record FieldDecision(
    Kind kind,
    String target,
    String siftField,
    String siftValue,
    String platformValue,
    double confidence) {

  enum Kind {
    /** Confident and mapped: written to the platform. */
    APPLY,
    /** Sift abstained: reported as its best guess, not applied. */
    UNSURE,
    /** Confident, but the connector's value map has no entry for it: reported, not applied. */
    UNMAPPED
  }

  /**
   * The decision for one platform field, or empty when the connector maps no field or Sift has no
   * suggestion.
   */
  static Optional<FieldDecision> of(
      String target, ConnectorProperties.FieldMap map, TriageResult result) {
    if (map == null || map.source() == null) {
      return Optional.empty();
    }
    return of(target, map.source(), map, result);
  }

  private static Optional<FieldDecision> of(
      String target, String siftField, ConnectorProperties.FieldMap map, TriageResult result) {
    TriageResult.Suggestion suggestion = result.suggestions().get(siftField);
    if (suggestion == null || suggestion.bestGuess() == null) {
      return Optional.empty();
    }
    String value = suggestion.bestGuess();
    if (suggestion.abstained()) {
      return Optional.of(
          new FieldDecision(Kind.UNSURE, target, siftField, value, null, suggestion.confidence()));
    }
    String mapped = map.values().isEmpty() ? value : map.values().get(value);
    return Optional.of(
        mapped == null
            ? new FieldDecision(
                Kind.UNMAPPED, target, siftField, value, null, suggestion.confidence())
            : new FieldDecision(
                Kind.APPLY, target, siftField, value, mapped, suggestion.confidence()));
  }

  boolean applied() {
    return kind == Kind.APPLY;
  }
}
