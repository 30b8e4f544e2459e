package dev.sift.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reference vectors for fixed sentences, recorded once with {@link #main} and committed under
 * {@code src/test/resources/golden}. A change of tokenizer, runtime or pooling that moves them
 * fails the tests.
 */
final class GoldenVectors {

  static final List<String> SENTENCES =
      List.of(
          "Outlook is not loading since this morning",
          "VPN disconnects every few minutes when working from home",
          "Please reset my password, my account is locked",
          "Warehouse scanner cannot sync stock levels with WMS");

  private GoldenVectors() {}

  static List<float[]> read(BundledModel model) throws IOException {
    try (InputStream in =
        GoldenVectors.class.getResourceAsStream("/golden/" + model.id() + ".txt")) {
      if (in == null) {
        throw new IOException("no golden vectors for " + model.id());
      }
      List<float[]> vectors = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.trim().split(" ");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
          v[i] = Float.parseFloat(parts[i]);
        }
        vectors.add(v);
      }
      return vectors;
    }
  }

  /**
   * Records the golden vectors into the given directory. Run by hand only when a change is
   * intended.
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/golden");
    Files.createDirectories(dir);
    for (BundledModel model : BundledModel.values()) {
      try (Embedder e = Embedder.bundled(model)) {
        String text =
            e.embedAll(SENTENCES).stream()
                .map(
                    v -> {
                      StringBuilder sb = new StringBuilder();
                      for (float x : v) {
                        sb.append(String.format(Locale.ROOT, "%.6f ", x));
                      }
                      return sb.toString().trim();
                    })
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(dir.resolve(model.id() + ".txt"), text);
      }
    }
  }
}
