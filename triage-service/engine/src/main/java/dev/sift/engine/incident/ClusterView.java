package dev.sift.engine.incident;

/** What a triage response says about the cluster its ticket joined. */
public record ClusterView(
    String id, int size, int distinctRequesters, boolean majorIncidentCandidate) {}
