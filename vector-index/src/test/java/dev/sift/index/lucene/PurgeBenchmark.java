package dev.sift.index.lucene;

import dev.sift.index.Entry;
import dev.sift.index.Payload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What erasing one ticket costs on the disk side: builds a tenant of growing size (384-dim vectors
 * with ticket-like text, imported in batches as an import does), deletes one ticket and times the
 * purge that rewrites its segment. A command, not a test: {@code scripts/bench-search.sh purge}.
 */
public final class PurgeBenchmark {

  private static final int DIM = 384;
  private static final int BATCH = 500;
  private static final long SEED = 11;
  private static final String[] WORDS = {
    "printer",
    "vpn",
    "outlook",
    "password",
    "laptop",
    "sap",
    "login",
    "error",
    "slow",
    "cannot",
    "connect",
    "screen",
    "teams",
    "license",
    "install",
    "reset",
    "account",
    "locked"
  };

  private PurgeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Random r = new Random(SEED);
    System.out.printf(
        Locale.ROOT, "%8s %10s %14s %12s%n", "tickets", "segments", "purge of one", "purged");
    for (int size : new int[] {10_000, 50_000, 100_000}) {
      Path dir = Files.createTempDirectory("sift-purge-bench");
      // The purge is run by hand here, not by the delay.
      try (LuceneVectorIndex index =
          LuceneVectorIndex.builder(dir, DIM).purgeDelay(Duration.ofDays(1)).build()) {
        for (int from = 0; from < size; from += BATCH) {
          List<Entry> batch = new ArrayList<>(BATCH);
          for (int i = from; i < Math.min(size, from + BATCH); i++) {
            batch.add(
                new Entry(
                    "t" + i, unit(r), new Payload(text(r), Map.of("category", "c" + (i % 40)))));
          }
          index.upsertAll("t", batch);
        }
        int segments = RetainedText.segments(dir.resolve("t"));
        // The first ticket imported sits in the oldest, most merged segment: the costly case.
        index.delete("t", "t0");
        long start = System.nanoTime();
        int purged = index.purgeDeleted("t");
        double ms = (System.nanoTime() - start) / 1e6;
        if (index.deletedNotPurged("t") != 0) {
          throw new IllegalStateException("the purge left deleted documents behind");
        }
        System.out.printf(Locale.ROOT, "%8d %10d %11.0f ms %12d%n", size, segments, ms, purged);
      } finally {
        try (var walk = Files.walk(dir)) {
          walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private static float[] unit(Random r) {
    float[] v = new float[DIM];
    double norm = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) r.nextGaussian();
      norm += v[i] * v[i];
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < DIM; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private static String text(Random r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
    }
    return sb.toString();
  }
}
