package dev.sift.evaluation;

import dev.sift.data.Ticket;
import dev.sift.embedding.Embedder;
import dev.sift.embedding.TextPreparer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Embedded tickets kept on disk between runs of the same data, split and model ({@code --vector-cache}). */
final class VectorCache {

  private static final int BATCH = 256;

  private VectorCache() {}

  /** The vectors of the tickets' prepared texts, read from {@code cache.part} when it matches, else embedded. */
  static List<float[]> vectors(Path cache, String part, Embedder embedder, List<Ticket> tickets, PrintStream err)
      throws IOException {
    Path file = cache == null ? null : cache.resolveSibling(cache.getFileName() + "." + part);
    if (file != null && Files.exists(file)) {
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
        int n = in.readInt();
        int dim = in.readInt();
        if (n == tickets.size() && dim == embedder.dimension()) {
          List<float[]> out = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
              v[d] = in.readFloat();
            }
            out.add(v);
          }
          return out;
        }
      }
    }
    Progress bar = new Progress(err, "embedding " + part + " tickets", tickets.size());
    List<float[]> vectors = new ArrayList<>(tickets.size());
    for (int i = 0; i < tickets.size(); i += BATCH) {
      List<Ticket> batch = tickets.subList(i, Math.min(tickets.size(), i + BATCH));
      vectors.addAll(embedder.embedAll(batch.stream().map(t -> TextPreparer.prepare(t.subject(), t.body())).toList()));
      batch.forEach(t -> bar.step());
    }
    bar.finish();
    if (file != null) {
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
        out.writeInt(vectors.size());
        out.writeInt(embedder.dimension());
        for (float[] v : vectors) {
          for (float x : v) {
            out.writeFloat(x);
          }
        }
      }
    }
    return vectors;
  }
}
