package dev.sift.engine.coldstart;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import dev.sift.engine.AnswerMethod;
import dev.sift.engine.TriageResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns cold start's rankings and calibrations into suggestions, and past tickets into the LLM's
 * examples.
 */
final class ColdSuggestions {

  private static final int MAX_ALTERNATIVES = 3;
  private static final double ROUNDING = 1000.0;

  private ColdSuggestions() {}

  static List<LlmPrompt.Example> promptExamples(List<Ticket> tickets) {
    List<LlmPrompt.Example> out = new ArrayList<>();
    for (Ticket t : tickets) {
      Map<String, String> labels = new LinkedHashMap<>();
      for (LabelField f : LabelField.values()) {
        if (t.label(f) != null) {
          labels.put(f.jsonName(), t.label(f));
        }
      }
      String text = t.body() == null ? t.subject() : t.subject() + "\n" + t.body();
      out.add(new LlmPrompt.Example(text, labels));
    }
    return out;
  }

  /**
   * A zero-shot suggestion: the best entry, calibrated and capped, abstaining below the threshold.
   */
  static TriageResult.Suggestion zeroShot(
      ColdCalibration calibration, List<ZeroShotClassifier.Scored> ranked) {
    if (ranked.isEmpty()) {
      return new TriageResult.Suggestion(null, 0, true, List.of(), AnswerMethod.ZERO_SHOT);
    }
    double confidence = calibration.confidence(ranked.getFirst().probability());
    boolean abstained = !calibration.answers(confidence);
    List<TriageResult.Alternative> alternatives = new ArrayList<>();
    if (abstained) {
      alternatives.add(new TriageResult.Alternative(ranked.getFirst().label(), round(confidence)));
    }
    alternatives.addAll(rest(ranked, ranked.getFirst().label(), confidence));
    return new TriageResult.Suggestion(
        abstained ? null : ranked.getFirst().label(),
        round(confidence),
        abstained,
        alternatives.subList(0, Math.min(MAX_ALTERNATIVES, alternatives.size())),
        AnswerMethod.ZERO_SHOT);
  }

  /**
   * An LLM suggestion for the label it named (null: none or outside the taxonomy), zero-shot's
   * ranking behind.
   */
  static TriageResult.Suggestion llm(
      String label, List<ZeroShotClassifier.Scored> ranked, ColdCalibration calibration) {
    if (label == null) {
      // Outside the taxonomy or "none": the field abstains, and zero-shot's ranking stands in as
      // alternatives.
      List<TriageResult.Alternative> alternatives = rest(ranked, null, 0);
      return new TriageResult.Suggestion(
          null,
          0,
          true,
          alternatives.subList(0, Math.min(MAX_ALTERNATIVES, alternatives.size())),
          AnswerMethod.LLM);
    }
    double confidence = calibration.confidence(ColdStart.LLM_SCORE);
    boolean abstained = !calibration.answers(confidence);
    List<TriageResult.Alternative> alternatives = new ArrayList<>();
    if (abstained) {
      alternatives.add(new TriageResult.Alternative(label, round(confidence)));
    }
    alternatives.addAll(rest(ranked, label, confidence));
    return new TriageResult.Suggestion(
        abstained ? null : label,
        round(confidence),
        abstained,
        alternatives.subList(0, Math.min(MAX_ALTERNATIVES, alternatives.size())),
        AnswerMethod.LLM);
  }

  /** Zero-shot's ranking without {@code top}, sharing out what {@code topConfidence} leaves. */
  private static List<TriageResult.Alternative> rest(
      List<ZeroShotClassifier.Scored> ranked, String top, double topConfidence) {
    double[] shares = ZeroShotClassifier.shares(ranked);
    double others = 0;
    for (int i = 0; i < ranked.size(); i++) {
      others += ranked.get(i).label().equals(top) ? 0 : shares[i];
    }
    List<TriageResult.Alternative> out = new ArrayList<>();
    for (int i = 0; i < ranked.size() && out.size() < MAX_ALTERNATIVES; i++) {
      if (ranked.get(i).label().equals(top)) {
        continue;
      }
      double p = others == 0 ? 0 : shares[i] / others * (1 - topConfidence);
      out.add(
          new TriageResult.Alternative(
              ranked.get(i).label(), round(top == null ? p : Math.min(p, topConfidence))));
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * ROUNDING) / ROUNDING;
  }
}
