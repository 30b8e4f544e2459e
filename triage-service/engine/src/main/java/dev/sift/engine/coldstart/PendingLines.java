package dev.sift.engine.coldstart;

import dev.sift.engine.coldstart.PredictionLog.Line;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Suggestions on their way to the prediction log. A triage only queues its line; one writer thread
 * writes what has queued every {@link #LINGER}, each tenant's lines in one store call (one fsync on
 * files, one transaction on PostgreSQL). Triages then neither wait for the disk nor queue behind
 * each other on the tenant's lock, which they did when each wrote its own line. Readers of the log
 * {@link #flush} first, so they see every line recorded before they asked. A line still queued when
 * the process dies is lost: it only feeds live accuracy, unlike a ticket, whose write is durable
 * before it is acknowledged.
 */
final class PendingLines implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PendingLines.class);

  /**
   * How long a line may wait for the writer: the live figures are read once a minute at most, and a
   * desk's final labels come minutes after a triage. On PostgreSQL each write is a transaction of
   * several statements; at 20 ms a busy tenant made one per triage or two.
   */
  static final Duration LINGER = Duration.ofMillis(200);

  /**
   * Past this many queued lines a recording thread writes them itself, so that the queue stays
   * bounded when the store is slower than the triages.
   */
  static final int MAX_QUEUED = 10_000;

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private record Pending(String tenant, Line line) {}

  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();

  /** One drain at a time, so that each tenant's lines reach the store in the order recorded. */
  private final Object drainLock = new Object();

  private final BiConsumer<String, List<Line>> writer;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sift-prediction-log");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param writer writes one tenant's lines, in order, in one store call
   */
  PendingLines(BiConsumer<String, List<Line>> writer) {
    this.writer = writer;
    thread.scheduleWithFixedDelay(
        this::flush, LINGER.toMillis(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
  }

  void add(String tenant, Line line) {
    queue.add(new Pending(tenant, line));
    if (queued.incrementAndGet() > MAX_QUEUED) {
      flush();
    }
  }

  /**
   * Writes every queued line. A tenant whose write fails loses those lines, logged with the
   * exception; the other tenants' lines are written all the same.
   */
  void flush() {
    synchronized (drainLock) {
      Map<String, List<Line>> byTenant = new LinkedHashMap<>();
      for (Pending p = queue.poll(); p != null; p = queue.poll()) {
        queued.decrementAndGet();
        byTenant.computeIfAbsent(p.tenant(), k -> new ArrayList<>()).add(p.line());
      }
      byTenant.forEach(
          (tenant, lines) -> {
            try {
              writer.accept(tenant, lines);
            } catch (RuntimeException e) {
              log.error("dropping {} prediction-log lines of tenant {}", lines.size(), tenant, e);
            }
          });
    }
  }

  /** Stops the writer and writes what is still queued. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
