package dev.sift.engine;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import dev.sift.engine.coldstart.PredictionLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a triage's neighbours and each field's calibrated shares into what a {@link TriageResult}
 * shows.
 */
final class Suggestions {

  private static final int MAX_ALTERNATIVES = 3;

  /** Confidences and similarities are shown to three decimals. */
  private static final double ROUNDING = 1000.0;

  private Suggestions() {}

  /**
   * A suggestion for each field that {@code answered} gives a fit for (neighbours answer it now):
   * the neighbours' similarity-weighted votes blended with the fit's heads, tilted and calibrated.
   */
  static Map<String, TriageResult.Suggestion> fromNeighbours(
      List<Neighbour> neighbours,
      float[] vector,
      String text,
      String requester,
      EngineSettings settings,
      Function<LabelField, FieldFit> answered) {
    double[] weights = Votes.weights(neighbours, settings.voteTemperature());
    LexicalFeatures.Doc doc = null; // extracted once, for the first field with a lexical head
    Map<String, TriageResult.Suggestion> byNeighbours = new LinkedHashMap<>();
    for (LabelField f : LabelField.values()) {
      FieldFit fit = answered.apply(f);
      if (fit == null) {
        continue;
      }
      if (doc == null && fit.lexical() != null && settings.lexicalHeadWeight() > 0) {
        doc = LexicalFeatures.extract(text, requester);
      }
      List<Votes.Share> shares =
          fit.tilt(
              Votes.blend(
                  Votes.tally(neighbours, weights, f),
                  fit.head(),
                  vector,
                  settings.linearWeight(),
                  fit.lexical(),
                  doc,
                  settings.lexicalHeadWeight()));
      byNeighbours.put(f.jsonName(), suggest(shares, fit, voters(neighbours, f)));
    }
    return byNeighbours;
  }

  /**
   * What the prediction log keeps of each suggestion; cold start's raw scores go with its own, for
   * recalibration.
   */
  static Map<String, PredictionLog.FieldGuess> guesses(
      Map<String, TriageResult.Suggestion> suggestions, Map<String, Double> coldScores) {
    Map<String, PredictionLog.FieldGuess> fields = new LinkedHashMap<>();
    suggestions.forEach(
        (f, s) ->
            fields.put(
                f,
                new PredictionLog.FieldGuess(
                    s.bestGuess(),
                    s.abstained(),
                    s.confidence(),
                    s.method().wire(),
                    s.method() == AnswerMethod.NEIGHBOURS ? null : coldScores.get(f))));
    return fields;
  }

  /**
   * Each field's suggestion in field order: by neighbours where they answer it, else by cold start.
   */
  static Map<String, TriageResult.Suggestion> merge(
      Map<String, TriageResult.Suggestion> byNeighbours,
      Map<String, TriageResult.Suggestion> byColdStart) {
    Map<String, TriageResult.Suggestion> suggestions = new LinkedHashMap<>();
    for (LabelField f : LabelField.values()) {
      TriageResult.Suggestion s =
          byNeighbours.getOrDefault(f.jsonName(), byColdStart.get(f.jsonName()));
      if (s != null) {
        suggestions.put(f.jsonName(), s);
      }
    }
    return suggestions;
  }

  static AnswerMethod methodOf(Map<String, TriageResult.Suggestion> suggestions) {
    Set<AnswerMethod> methods = EnumSet.noneOf(AnswerMethod.class);
    suggestions.values().forEach(s -> methods.add(s.method()));
    return methods.size() == 1
        ? methods.iterator().next()
        : methods.isEmpty() ? AnswerMethod.NEIGHBOURS : AnswerMethod.MIXED;
  }

  static String groupValue(EtaBaseline baseline, Map<String, TriageResult.Suggestion> suggestions) {
    if (baseline == null || baseline.groupField() == null) {
      return null;
    }
    TriageResult.Suggestion s = suggestions.get(baseline.groupField());
    if (s == null) {
      return null;
    }
    // An abstained field still names its best guess, which is the best prior we have.
    return s.value() != null
        ? s.value()
        : s.alternatives().isEmpty() ? null : s.alternatives().getFirst().value();
  }

  static int voters(List<Neighbour> neighbours, LabelField field) {
    return (int) neighbours.stream().filter(n -> n.ticket().label(field) != null).count();
  }

  /**
   * @param voters neighbours with a value for the field, the evidence behind the shares where the
   *     tenant's history is too small for a backtest
   */
  static TriageResult.Suggestion suggest(List<Votes.Share> shares, FieldFit fit, int voters) {
    if (shares.isEmpty()) {
      return new TriageResult.Suggestion(null, 0, true, List.of());
    }
    Votes.Share top = shares.getFirst();
    double confidence = fit.confidence(top.share(), voters);
    double[] probabilities =
        Sharpen.toTop(shares.stream().mapToDouble(Votes.Share::share).toArray(), confidence);
    List<TriageResult.Alternative> alternatives = new ArrayList<>();
    boolean abstained = confidence < fit.threshold();
    if (abstained) {
      alternatives.add(new TriageResult.Alternative(top.value(), round(confidence)));
    }
    for (int i = 1; i < shares.size() && alternatives.size() < MAX_ALTERNATIVES; i++) {
      // Only where the calibrated winner is below an even split can flattening not reach it; cap
      // there.
      double p = Math.min(confidence, probabilities[i]);
      alternatives.add(new TriageResult.Alternative(shares.get(i).value(), round(p)));
    }
    return new TriageResult.Suggestion(
        abstained ? null : top.value(), round(confidence), abstained, alternatives);
  }

  static List<TriageResult.NeighbourView> views(List<Neighbour> neighbours) {
    List<TriageResult.NeighbourView> out = new ArrayList<>(neighbours.size());
    // Retrieval chose these k; callers read them most similar first.
    List<Neighbour> sorted = new ArrayList<>(neighbours);
    sorted.sort(Comparator.comparingDouble(Neighbour::similarity).reversed());
    for (Neighbour n : sorted) {
      Ticket t = n.ticket();
      Long minutes = t.resolutionTime().map(d -> d.toMinutes()).orElse(null);
      out.add(
          new TriageResult.NeighbourView(
              t.id(),
              round(n.similarity()),
              TriageResult.NeighbourView.bounded(t.subject()),
              t.category(),
              t.assignmentGroup(),
              t.assignee(),
              t.priority(),
              minutes,
              TriageResult.NeighbourView.bounded(t.resolution())));
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * ROUNDING) / ROUNDING;
  }
}
