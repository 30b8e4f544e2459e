package dev.sift.service.admin;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar, redrawn in place with a carriage return:
 * {@code [##########..........]  50%  1,500 tickets  210/s  0:07}. Progress is the share of the file's bytes
 * read; when the size is unknown only the counts are shown. A daemon thread redraws it a few times a second so
 * elapsed time and rate move while a batch is being embedded.
 */
final class ProgressBar implements AutoCloseable {

  private static final int WIDTH = 30;
  private static final long REDRAW_MS = 250;

  private final PrintStream out;
  private final long totalBytes;
  private final LongSupplier bytesRead;
  private final long start = System.nanoTime();
  private volatile long tickets;
  private int lastLength;
  private ScheduledExecutorService ticker;

  ProgressBar(PrintStream out, long totalBytes, LongSupplier bytesRead) {
    this.out = out;
    this.totalBytes = totalBytes;
    this.bytesRead = bytesRead;
  }

  void start() {
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sift-import-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(this::draw, 0, REDRAW_MS, TimeUnit.MILLISECONDS);
  }

  void tickets(long imported) {
    this.tickets = imported;
    draw();
  }

  /** Draws the final state and ends the line. */
  void finish() {
    stopTicker();
    synchronized (this) {
      draw(render(totalBytes > 0 ? totalBytes : bytesRead.getAsLong(), tickets, System.nanoTime() - start));
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
      draw(render(bytesRead.getAsLong(), tickets, System.nanoTime() - start));
    }
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
      double share = Math.min(1.0, Math.max(0.0, bytes / (double) totalBytes));
      int filled = (int) Math.round(share * WIDTH);
      line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
          .append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(share * 100))).append("  ");
    }
    double seconds = elapsedNanos / 1e9;
    long rate = seconds > 0 ? Math.round(imported / seconds) : 0;
    long s = (long) seconds;
    line.append(String.format(Locale.ROOT, "%,d tickets  %,d/s  %d:%02d", imported, rate, s / 60, s % 60));
    return line.toString();
  }
}
