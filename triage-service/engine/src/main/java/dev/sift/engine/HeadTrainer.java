package dev.sift.engine;

import dev.sift.data.LabelField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Trains a field's {@link LinearHead} on a bounded sample of stored tickets. */
final class HeadTrainer {

  /** Below this many labelled tickets the head would only memorise them; the vote alone is used. */
  static final int MIN_EXAMPLES = 50;
  /** Rarer values are left to the vote, which keeps training time bounded for fields like assignee. */
  static final int MAX_CLASSES = 200;
  private static final long SEED = 42;

  /** A labelled example: a ticket's id, its vector, the text that was embedded, and its field values. */
  record Example(String id, float[] vector, String text, Map<LabelField, String> labels) {}

  private HeadTrainer() {}

  /** Trains on the examples not in {@code exclude}; null when there is too little to learn from. */
  static LinearHead train(List<Example> examples, LabelField field, Set<String> exclude) {
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
    String[] classes = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(MAX_CLASSES).map(Map.Entry::getKey).toArray(String[]::new);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classes.length; i++) {
      index.put(classes[i], i);
    }
    List<float[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    usable.sort(Comparator.comparing(Example::id));
    for (Example e : usable) {
      Integer c = index.get(e.labels().get(field));
      if (c != null) {
        x.add(e.vector());
        y.add(c);
      }
    }
    return LinearHead.train(x.toArray(float[][]::new), y.stream().mapToInt(Integer::intValue).toArray(), classes,
        LinearHead.Params.DEFAULT, SEED);
  }
}
