package dev.sift.embedding.internal;

import ai.djl.huggingface.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Groups texts of similar token length so that each ONNX run pads as little as possible. */
public final class Batches {
  private Batches() {}

  /** Returns batches of indices into {@code encodings}, sorted by token length. */
  public static List<int[]> byLength(Encoding[] encodings, int batchSize) {
    return byLength(encodings, batchSize, Integer.MAX_VALUE);
  }

  /**
   * Returns batches of indices into {@code encodings}, sorted by token length, of at most {@code
   * batchSize} texts and at most {@code tokenBudget} padded tokens each (a single text longer than
   * the budget still gets a batch). The budget keeps batches of long texts small, so their
   * activations stay in cache.
   */
  public static List<int[]> byLength(Encoding[] encodings, int batchSize, int tokenBudget) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
    }
    int[] order =
        IntStream.range(0, encodings.length)
            .boxed()
            .sorted(Comparator.comparingInt(i -> encodings[i].getIds().length))
            .mapToInt(Integer::intValue)
            .toArray();
    List<int[]> batches = new ArrayList<>();
    int from = 0;
    while (from < order.length) {
      int to = from + 1;
      // Sorted ascending, so the text at 'to' is the longest of the batch if it joins.
      while (to < order.length
          && to - from < batchSize
          && (long) (to - from + 1) * encodings[order[to]].getIds().length <= tokenBudget) {
        to++;
      }
      int[] batch = new int[to - from];
      System.arraycopy(order, from, batch, 0, batch.length);
      batches.add(batch);
      from = to;
    }
    return batches;
  }
}
