package dev.sift.evaluation;

import dev.sift.data.ProgressBar;
import dev.sift.data.Ticket;
import dev.sift.embedding.Embedder;
import dev.sift.embedding.TextPreparer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vectors of a data set's tickets, embedded once and shared by every run over it (each history
 * size, each method). Embedding dominates the run time of a backtest on two cores, so they can be
 * kept on disk: a cache file is named after the model and a hash of the prepared texts, so a
 * changed export, mapping or model never reads a stale file.
 */
public final class Embeddings {

  private static final int BATCH = 256;

  /**
   * Hex digits of the texts' SHA-256 in a cache file's name; 64 bits are plenty against collisions
   * here.
   */
  private static final int HASH_DIGITS = 16;

  private final Map<Ticket, float[]> byTicket;
  private final double textsPerSecond;

  private Embeddings(Map<Ticket, float[]> byTicket, double textsPerSecond) {
    this.byTicket = byTicket;
    this.textsPerSecond = textsPerSecond;
  }

  /**
   * Embeds {@code tickets}, or reads their vectors from {@code cacheDir} (null: no cache) when an
   * earlier run embedded the same texts with the same model.
   */
  public static Embeddings of(
      Embedder embedder, List<Ticket> tickets, Path cacheDir, PrintStream err) throws IOException {
    Path file = null;
    if (cacheDir != null) {
      Files.createDirectories(cacheDir);
      file = cacheDir.resolve(embedder.modelId() + "-" + hash(texts(tickets)) + ".vectors");
    }
    boolean hit = file != null && Files.exists(file);
    long start = System.nanoTime();
    List<float[]> vectors = cached(file, embedder, tickets, err, "embedding tickets");
    double secs = (System.nanoTime() - start) / 1e9;
    Map<Ticket, float[]> byTicket = new IdentityHashMap<>();
    for (int i = 0; i < tickets.size(); i++) {
      byTicket.put(tickets.get(i), vectors.get(i));
    }
    return new Embeddings(byTicket, hit ? Double.NaN : tickets.size() / Math.max(1e-9, secs));
  }

  /** The vectors of these tickets, in order; each must be one of the tickets embedded. */
  public List<float[]> of(List<Ticket> tickets) {
    List<float[]> out = new ArrayList<>(tickets.size());
    for (Ticket t : tickets) {
      float[] v = byTicket.get(t);
      if (v == null) {
        throw new IllegalArgumentException("ticket " + t.id() + " was not embedded");
      }
      out.add(v);
    }
    return out;
  }

  /** Texts embedded per second, or NaN when the vectors came from the cache. */
  public double textsPerSecond() {
    return textsPerSecond;
  }

  /**
   * The tickets' vectors from {@code file} when it holds as many vectors of the embedder's
   * dimension, else embedded (with a progress bar) and written there; {@code file} null means no
   * cache.
   */
  public static List<float[]> cached(
      Path file, Embedder embedder, List<Ticket> tickets, PrintStream err, String what)
      throws IOException {
    if (file != null && Files.exists(file)) {
      try (DataInputStream in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
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
    List<float[]> vectors = embed(embedder, tickets, err, what);
    if (file != null) {
      // Written aside and moved, so an interrupted run never leaves a truncated cache behind.
      Path part = file.resolveSibling(file.getFileName() + ".part");
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(part)))) {
        out.writeInt(vectors.size());
        out.writeInt(embedder.dimension());
        for (float[] v : vectors) {
          for (float x : v) {
            out.writeFloat(x);
          }
        }
      }
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return vectors;
  }

  private static List<float[]> embed(
      Embedder embedder, List<Ticket> tickets, PrintStream err, String what) {
    ProgressBar bar = ProgressBar.steps(err, what, tickets.size());
    List<float[]> out = new ArrayList<>(tickets.size());
    for (int i = 0; i < tickets.size(); i += BATCH) {
      List<Ticket> batch = tickets.subList(i, Math.min(tickets.size(), i + BATCH));
      out.addAll(embedder.embedAll(texts(batch)));
      batch.forEach(t -> bar.step());
    }
    bar.finish();
    return out;
  }

  private static List<String> texts(List<Ticket> tickets) {
    return tickets.stream().map(t -> TextPreparer.prepare(t.subject(), t.body())).toList();
  }

  private static String hash(List<String> texts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String t : texts) {
        sha.update(t.getBytes(StandardCharsets.UTF_8));
        // A separator, so that ["ab", "c"] and ["a", "bc"] differ.
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, HASH_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
