package dev.sift.engine;

import dev.sift.data.Ticket;

/**
 * A past ticket found for a query.
 *
 * @param similarity cosine similarity of the two embeddings, whichever retrieval found the ticket
 * @param rankScore the score the neighbours were ranked by (cosine, BM25 or fused)
 */
public record Neighbour(Ticket ticket, double similarity, double rankScore) {}
