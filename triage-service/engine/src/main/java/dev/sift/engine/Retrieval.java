package dev.sift.engine;

import java.util.Locale;

/** How the nearest past tickets are found. */
public enum Retrieval {
  /** Embedding similarity only. */
  VECTOR,
  /** BM25 full-text only. */
  BM25,
  /** Both, fused by reciprocal rank. */
  HYBRID;

  public static Retrieval parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }

  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
