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
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
    }
    int[] order = IntStream.range(0, encodings.length).boxed()
        .sorted(Comparator.comparingInt(i -> encodings[i].getIds().length))
        .mapToInt(Integer::intValue).toArray();
    List<int[]> batches = new ArrayList<>();
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      int[] batch = new int[to - from];
      System.arraycopy(order, from, batch, 0, batch.length);
      batches.add(batch);
    }
    return batches;
  }
}
