package dev.sift.index;

import java.util.Objects;

/** One stored item: its id within the tenant, its unit vector and its payload. */
public record Entry(String id, float[] vector, Payload payload) {
  public Entry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(payload, "payload");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("entry id must not be empty");
    }
  }
}
