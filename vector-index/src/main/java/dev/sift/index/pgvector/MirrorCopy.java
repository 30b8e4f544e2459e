package dev.sift.index.pgvector;

import java.util.HashSet;
import java.util.Set;

/**
 * One tenant's copy in a {@link Mirror}: the listening epoch it was begun in, whether it is whole
 * and answers searches, and the state of its copying. Fields other than {@code whole} are guarded
 * by the mirror's lock of the tenant.
 */
final class MirrorCopy {

  /** Pause before copying a tenant again after a copy failed. */
  private static final long RETRY_COPY_NANOS = java.time.Duration.ofSeconds(5).toNanos();

  final String tenant;
  final long epoch;
  volatile boolean whole;
  boolean copying;

  /**
   * Set as a copy starts reading the tables. A whole-tenant change announced while a copy is queued
   * but not reading yet is in what it will read, so the writing replica's own notice does not make
   * it copy twice.
   */
  boolean reading;

  long generation;
  long failedAt;
  boolean failed;
  final Set<String> changedWhileCopying = new HashSet<>();

  MirrorCopy(String tenant, long epoch) {
    this.tenant = tenant;
    this.epoch = epoch;
  }

  /** Whether a copy may start at {@code now}: not before the pause after a failed one. */
  boolean mayCopy(long now) {
    return !failed || now - failedAt > RETRY_COPY_NANOS;
  }

  void failed(long now) {
    whole = false;
    failed = true;
    failedAt = now;
  }
}
