package dev.sift.data;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The one-line progress bar of Sift's commands (the import and the evaluation), redrawn in place
 * with a carriage return: {@code <label> [##########..........] 50% <counts> 0:07}. Three kinds:
 *
 * <ul>
 *   <li>{@link #reading reading} a file: the share is that of the file's bytes read (no bar when
 *       the size is unknown), the counts are the records stored and their rate, e.g. {@code
 *       [###############...............] 50% 1,500 tickets 150/s 0:10};
 *   <li>{@link #steps counting steps}: the share and counts are the steps done of the total, e.g.
 *       {@code replay [######........................] 20% 400/2,000 0:12, 0:48 left};
 *   <li>{@link #phases phases} of work, each {@link #show shown} with its label and counts, e.g.
 *       {@code Calibrating 2/4 finding neighbours [######..............] 30% 600/2,000 0:42}.
 * </ul>
 *
 * <p>Either may be {@link #start started}, so that a daemon thread redraws it a few times a second
 * and the elapsed time moves while one slow step runs; otherwise each change redraws it, at most a
 * few times a second. The time is that of the whole bar, across phases.
 */
public final class ProgressBar implements AutoCloseable {

  private static final int WIDTH = 30;
  private static final long REDRAW_MS = 250;
  private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(REDRAW_MS);
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int SECONDS_PER_MINUTE = 60;
  private static final int PERCENT = 100;

  /** Step counts below this finish too fast to need a bar: such a bar draws nothing. */
  static final long MIN_STEPS = 200;

  private final PrintStream out;
  private final long totalBytes;
  private final LongSupplier bytesRead;
  private final String unit;
  private final boolean quiet;
  private final boolean timeLeft;
  private final long start = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong lastDraw = new AtomicLong(start - REDRAW_NANOS);
  private volatile String label;
  private volatile long total;
  private int lastLength;
  private ScheduledExecutorService ticker;

  private ProgressBar(
      PrintStream out,
      String label,
      long total,
      long totalBytes,
      LongSupplier bytesRead,
      String unit,
      boolean quiet,
      boolean timeLeft) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.totalBytes = totalBytes;
    this.bytesRead = bytesRead;
    this.unit = unit;
    this.quiet = quiet;
    this.timeLeft = timeLeft;
  }

  /**
   * A bar of a file being read: {@code bytesRead} of {@code totalBytes} (0: unknown), and how many
   * {@code unit}s (e.g. "tickets") were stored, as told by {@link #count}.
   */
  public static ProgressBar reading(
      PrintStream out, long totalBytes, LongSupplier bytesRead, String unit) {
    return new ProgressBar(out, "", 0, totalBytes, bytesRead, unit, false, false);
  }

  /**
   * A bar of {@code total} steps, told by {@link #step} or {@link #count}, with the time left; it
   * draws nothing when there are fewer than {@value #MIN_STEPS} steps.
   */
  public static ProgressBar steps(PrintStream out, String label, long total) {
    return new ProgressBar(out, label, total, 0, null, null, total < MIN_STEPS, true);
  }

  /** A bar that {@link #show} labels and counts for each phase of the work. */
  public static ProgressBar phases(PrintStream out) {
    return new ProgressBar(out, "", 0, 0, null, null, false, false);
  }

  /** Redraws the bar a few times a second on a daemon thread, until {@link #finish} or close. */
  public synchronized void start() {
    if (ticker == null) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "sift-progress");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleAtFixedRate(this::draw, 0, REDRAW_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** One more step done; safe from any thread. */
  public void step() {
    long d = done.incrementAndGet();
    // The last step is drawn by finish(), so the complete bar is drawn once.
    if (d < total) {
      drawThrottled();
    }
  }

  /** How many steps (or units) are done now. */
  public void count(long count) {
    done.set(count);
    drawThrottled();
  }

  /** Relabels the bar for a new phase of {@code total} steps (0: unknown), {@code count} done. */
  public void show(String label, long count, long total) {
    this.label = label;
    this.total = total;
    done.set(count);
    draw();
  }

  /** Draws the final state and ends the line. */
  public void finish() {
    stopTicker();
    if (!quiet) {
      synchronized (this) {
        print(line(totalBytes > 0 ? totalBytes : bytes(), System.nanoTime() - start));
        out.println();
        out.flush();
      }
    }
  }

  /** Stops the redraws, without ending the line (a failure may print after it). */
  @Override
  public void close() {
    stopTicker();
  }

  /** The line for the current counts after {@code elapsedNanos}; package-private for tests. */
  String line(long elapsedNanos) {
    return line(bytes(), elapsedNanos);
  }

  private String line(long bytes, long elapsedNanos) {
    StringBuilder line = new StringBuilder();
    String l = label;
    if (!l.isEmpty()) {
      line.append(l).append(' ');
    }
    long d = done.get();
    long t = total;
    long seconds = elapsedNanos / NANOS_PER_SECOND;
    if (bytesRead != null) {
      if (totalBytes > 0) {
        bar(line, bytes / (double) totalBytes);
      }
      double exactSeconds = elapsedNanos / (double) NANOS_PER_SECOND;
      long rate = exactSeconds > 0 ? Math.round(d / exactSeconds) : 0;
      line.append(String.format(Locale.ROOT, "%,d %s  %,d/s  ", d, unit, rate))
          .append(clock(seconds));
      return line.toString();
    }
    if (t > 0) {
      bar(line, d / (double) t);
      line.append(String.format(Locale.ROOT, "%,d/%,d  ", d, t));
    }
    line.append(clock(seconds));
    if (timeLeft && d > 0 && d < t) {
      line.append(", ").append(clock(seconds * (t - d) / d)).append(" left");
    }
    return line.toString();
  }

  private long bytes() {
    return bytesRead == null ? 0 : bytesRead.getAsLong();
  }

  private static void bar(StringBuilder line, double fraction) {
    double share = Math.min(1.0, Math.max(0.0, fraction));
    int filled = (int) Math.round(share * WIDTH);
    line.append('[')
        .append("#".repeat(filled))
        .append(".".repeat(WIDTH - filled))
        .append("] ")
        .append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(share * PERCENT)))
        .append("  ");
  }

  private static String clock(long seconds) {
    return String.format(
        Locale.ROOT, "%d:%02d", seconds / SECONDS_PER_MINUTE, seconds % SECONDS_PER_MINUTE);
  }

  private void drawThrottled() {
    long now = System.nanoTime();
    long last = lastDraw.get();
    if (now - last >= REDRAW_NANOS && lastDraw.compareAndSet(last, now)) {
      draw();
    }
  }

  private void draw() {
    if (!quiet) {
      synchronized (this) {
        print(line(System.nanoTime() - start));
      }
    }
  }

  private void print(String line) {
    int pad = Math.max(0, lastLength - line.length());
    out.print("\r" + line + " ".repeat(pad));
    out.flush();
    lastLength = line.length();
  }

  private void stopTicker() {
    ScheduledExecutorService t;
    synchronized (this) {
      t = ticker;
      ticker = null;
    }
    if (t != null) {
      t.shutdownNow();
      try {
        t.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
