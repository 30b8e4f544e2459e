package dev.sift.engine;

import java.time.Instant;

/** An incoming ticket to triage. Only a subject or a body is required. */
public record TriageRequest(
    String id, String subject, String body, String requester, String client, Instant createdAt) {

  public static TriageRequest of(String subject, String body) {
    return new TriageRequest(null, subject, body, null, null, null);
  }
}
