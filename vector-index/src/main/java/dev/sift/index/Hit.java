package dev.sift.index;

/**
 * A search result. For vector search the score is the cosine similarity; for lexical search, the
 * text score.
 */
public record Hit(String id, float score, Payload payload) {}
