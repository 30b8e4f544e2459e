package dev.sift.engine;

import dev.sift.data.LabelField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Trains a field's {@link LinearHead} and {@link LexicalHead} on a bounded sample of stored
 * tickets.
 */
final class HeadTrainer {

  /** Below this many labelled tickets the head would only memorise them; the vote alone is used. */
  static final int MIN_EXAMPLES = 50;

  /**
   * Rarer values are left to the vote, which keeps training time bounded for fields like assignee.
   */
  static final int MAX_CLASSES = 200;

  private static final long SEED = 42;

  /**
   * A labelled example: a ticket's id, its vector, the text that was embedded, its requester (null
   * when unknown) and its field values.
   */
  record Example(
      String id, float[] vector, String text, String requester, Map<LabelField, String> labels) {}

  /**
   * The examples a head learns from, in a fixed order, and each one's class among the field's
   * largest values.
   */
  private record Labelled(String[] classes, List<Example> examples, int[] y) {}

  private HeadTrainer() {}

  /** Trains on the examples not in {@code exclude}; null when there is too little to learn from. */
  static LinearHead train(List<Example> examples, LabelField field, Set<String> exclude) {
    Labelled l = labelled(examples, field, exclude);
    return l == null
        ? null
        : LinearHead.train(
            l.examples().stream().map(Example::vector).toArray(float[][]::new),
            l.y(),
            l.classes(),
            LinearHead.Params.DEFAULT,
            SEED);
  }

  /**
   * Trains a lexical head on the examples not in {@code exclude}, whose features {@code features}
   * gives; null when there is too little to learn from.
   */
  static LexicalHead trainLexical(
      List<Example> examples,
      LabelField field,
      Set<String> exclude,
      Function<Example, LexicalFeatures.Doc> features) {
    Labelled l = labelled(examples, field, exclude);
    return l == null
        ? null
        : LexicalTrainer.train(
            l.examples().stream().map(features).toList(),
            l.y(),
            l.classes(),
            LexicalTrainer.Params.DEFAULT,
            SEED);
  }

  private static Labelled labelled(List<Example> examples, LabelField field, Set<String> exclude) {
    Map<String, Integer> counts = new HashMap<>();
    List<Example> usable = new ArrayList<>();
    for (Example e : examples) {
      String v = e.labels().get(field);
      if (v != null && !exclude.contains(e.id())) {
        usable.add(e);
        counts.merge(v, 1, Integer::sum);
      }
    }
    if (usable.size() < MIN_EXAMPLES || counts.size() < 2) {
      return null;
    }
    String[] classes =
        counts.entrySet().stream()
            .sorted(
                Map.Entry.<String, Integer>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(MAX_CLASSES)
            .map(Map.Entry::getKey)
            .toArray(String[]::new);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classes.length; i++) {
      index.put(classes[i], i);
    }
    List<Example> kept = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    usable.sort(Comparator.comparing(Example::id));
    for (Example e : usable) {
      Integer c = index.get(e.labels().get(field));
      if (c != null) {
        kept.add(e);
        y.add(c);
      }
    }
    return new Labelled(classes, kept, y.stream().mapToInt(Integer::intValue).toArray());
  }
}
