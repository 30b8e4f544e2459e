package dev.sift.engine.coldstart;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the LLM calls in flight and the callers waiting for one, so that a slow or hung LLM holds
 * at most {@code maxConcurrent + maxQueued} of the callers' threads (the service's triage workers)
 * and every other caller is told at once that the LLM is busy. A slot is freed when its last HTTP
 * call has really ended, not when the caller gave up on it: an abandoned call still occupies the
 * LLM server.
 */
final class LlmBulkhead {

  private final Semaphore slots;
  private final int maxQueued;
  private final AtomicInteger waiting = new AtomicInteger();
  private final Clock clock;

  LlmBulkhead(int maxConcurrent, int maxQueued, Clock clock) {
    this.slots = new Semaphore(maxConcurrent, true);
    this.maxQueued = maxQueued;
    this.clock = clock;
  }

  /**
   * A slot, waiting for one until the deadline if the queue has room.
   *
   * @throws LlmBusyException when every slot is taken and the queue is full, or no slot freed
   *     before the deadline
   */
  Slot acquire(Instant deadline) {
    if (slots.tryAcquire()) {
      return new Slot();
    }
    if (waiting.incrementAndGet() > maxQueued) {
      waiting.decrementAndGet();
      throw new LlmBusyException(
          "every LLM call slot is taken and " + maxQueued + " triages wait for one");
    }
    try {
      long remaining = Duration.between(clock.instant(), deadline).toNanos();
      if (remaining > 0 && slots.tryAcquire(remaining, TimeUnit.NANOSECONDS)) {
        return new Slot();
      }
      throw new LlmBusyException("no LLM call slot freed before the deadline");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmBusyException("interrupted while waiting for an LLM call slot");
    } finally {
      waiting.decrementAndGet();
    }
  }

  /** Slots free now, for tests and health. */
  int available() {
    return slots.availablePermits();
  }

  /**
   * One caller's slot, shared with the HTTP calls it starts: the slot returns to the bulkhead when
   * the caller and every call it started have let go.
   */
  final class Slot {
    private final AtomicInteger holders = new AtomicInteger(1);

    /** A call started under this slot; it must {@link #release()} when it ends. */
    void hold() {
      holders.incrementAndGet();
    }

    void release() {
      if (holders.decrementAndGet() == 0) {
        slots.release();
      }
    }
  }
}
