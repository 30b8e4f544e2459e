package dev.sift.service.admin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Where a job is in its life; written in JSON in lower case ({@code succeeded}). */
public enum JobState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** Whether the job has ended and will not change again. */
  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  @JsonValue
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static JobState fromJson(String name) {
    return Arrays.stream(values())
        .filter(s -> s.jsonName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown job state " + name));
  }
}
