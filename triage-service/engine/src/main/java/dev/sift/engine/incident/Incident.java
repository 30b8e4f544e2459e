package dev.sift.engine.incident;

import java.time.Instant;
import java.util.List;

/**
 * A major-incident candidate, as listed by the API.
 *
 * @param score the Poisson tail probability of seeing this many similar tickets in this window at
 *     the topic's usual rate; smaller is more surprising
 */
public record Incident(
    String id,
    String state,
    Instant firstSeen,
    Instant lastSeen,
    int size,
    int distinctRequesters,
    int distinctClients,
    List<String> clients,
    List<String> memberTicketIds,
    String representativeSubject,
    List<String> topTerms,
    double score,
    double usualRatePerHour,
    String reason) {}
