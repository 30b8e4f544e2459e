package dev.sift.service.admin;

import dev.sift.engine.FitProgress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar, redrawn in place with a carriage return: {@code [##########..........]
 * 50% 1,500 tickets 210/s 0:07}. Progress is the share of the file's bytes read; when the size is
 * unknown only the counts are shown. A daemon thread redraws it a few times a second so elapsed
 * time and rate move while a batch is being embedded.
 *
 * <p>Once told about a {@link #calibration calibration step}, the bar shows the refit that follows
 * the last batch instead: {@code Calibrating 2/4 finding neighbours of the backtest sample
 * [######....] 40% 800/2,000 0:42}, the share being that of the step, the time that of the whole
 * calibration.
 */
final class ProgressBar implements AutoCloseable {

  private static final int WIDTH = 30;
  private static final long REDRAW_MS = 250;

  private final PrintStream out;
  private final long totalBytes;
  private final LongSupplier bytesRead;
  private final long start = System.nanoTime();
  private volatile long tickets;

  /** The calibration step shown, with its counts; null while importing. */
  private volatile CalibrationStep step;

  private int lastLength;
  private ScheduledExecutorService ticker;

  ProgressBar(PrintStream out, long totalBytes, LongSupplier bytesRead) {
    this.out = out;
    this.totalBytes = totalBytes;
    this.bytesRead = bytesRead;
  }

  void start() {
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sift-import-progress");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::draw, 0, REDRAW_MS, TimeUnit.MILLISECONDS);
  }

  private record CalibrationStep(FitProgress.Step step, long done, long total) {}

  /** Shows how far the refit has come: {@code done} of {@code total} units of {@code step}. */
  void calibration(FitProgress.Step step, long done, long total) {
    this.step = new CalibrationStep(step, done, total);
    draw();
  }

  void tickets(long imported) {
    this.tickets = imported;
    draw();
  }

  /** Draws the final state and ends the line. */
  void finish() {
    stopTicker();
    synchronized (this) {
      draw(currentLine(totalBytes > 0 ? totalBytes : bytesRead.getAsLong()));
      out.println();
      out.flush();
    }
  }

  @Override
  public void close() {
    stopTicker();
  }

  private void stopTicker() {
    if (ticker != null) {
      ticker.shutdownNow();
      try {
        ticker.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ticker = null;
    }
  }

  private void draw() {
    synchronized (this) {
      draw(currentLine(bytesRead.getAsLong()));
    }
  }

  private String currentLine(long bytes) {
    CalibrationStep s = step;
    long elapsed = System.nanoTime() - start;
    return s == null
        ? render(bytes, tickets, elapsed)
        : renderCalibration(s.step(), s.done(), s.total(), elapsed);
  }

  /** The line for a calibration step; package-private for tests. */
  String renderCalibration(FitProgress.Step s, long done, long total, long elapsedNanos) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Calibrating %d/%d %s ",
                s.number(),
                FitProgress.Step.values().length,
                s.label()));
    if (total > 0) {
      bar(line, done / (double) total);
      line.append(String.format(Locale.ROOT, "%,d/%,d  ", done, total));
    }
    long seconds = elapsedNanos / 1_000_000_000L;
    line.append(String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60));
    return line.toString();
  }

  private static void bar(StringBuilder line, double fraction) {
    double share = Math.min(1.0, Math.max(0.0, fraction));
    int filled = (int) Math.round(share * WIDTH);
    line.append('[')
        .append("#".repeat(filled))
        .append(".".repeat(WIDTH - filled))
        .append("] ")
        .append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(share * 100)))
        .append("  ");
  }

  private void draw(String line) {
    int pad = Math.max(0, lastLength - line.length());
    out.print("\r" + line + " ".repeat(pad));
    out.flush();
    lastLength = line.length();
  }

  /** The line for a state; package-private for tests. */
  String render(long bytes, long imported, long elapsedNanos) {
    StringBuilder line = new StringBuilder();
    if (totalBytes > 0) {
      bar(line, bytes / (double) totalBytes);
    }
    double seconds = elapsedNanos / 1e9;
    long rate = seconds > 0 ? Math.round(imported / seconds) : 0;
    long s = (long) seconds;
    line.append(
        String.format(Locale.ROOT, "%,d tickets  %,d/s  %d:%02d", imported, rate, s / 60, s % 60));
    return line.toString();
  }
}
