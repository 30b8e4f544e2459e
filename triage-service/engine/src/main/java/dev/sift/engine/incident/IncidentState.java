package dev.sift.engine.incident;

/** Where a cluster stands. Only candidates are listed as incidents. */
public enum IncidentState {
  OPEN,
  CONFIRMED,
  DISMISSED,
  EXPIRED
}
