package dev.sift.embedding;

/**
 * How token vectors become one text vector. Sentence-transformers models use MEAN; BGE models use
 * CLS.
 */
public enum Pooling {
  MEAN,
  CLS
}
