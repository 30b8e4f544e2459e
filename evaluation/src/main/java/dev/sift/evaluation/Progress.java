package dev.sift.evaluation;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** A one-line progress bar on stderr, redrawn at most a few times a second. */
public final class Progress {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 250_000_000L;

  /** Runs shorter than this many steps finish too fast to need a bar. */
  private static final long MIN_STEPS = 200;

  private final PrintStream err;
  private final String label;
  private final long total;
  private final long start = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong lastDraw = new AtomicLong();

  public Progress(PrintStream err, String label, long total) {
    this.err = err;
    this.label = label;
    this.total = total;
  }

  public void step() {
    long d = done.incrementAndGet();
    long now = System.nanoTime();
    long last = lastDraw.get();
    // The last step is drawn by finish(), so the complete bar is drawn once.
    if (total >= MIN_STEPS
        && d < total
        && now - last > REDRAW_NANOS
        && lastDraw.compareAndSet(last, now)) {
      draw(d, now);
    }
  }

  public void finish() {
    if (total >= MIN_STEPS) {
      draw(done.get(), System.nanoTime());
      err.println();
    }
  }

  private synchronized void draw(long d, long now) {
    int filled = (int) (WIDTH * d / Math.max(1, total));
    double secs = (now - start) / 1e9;
    double left = d == 0 ? 0 : secs * (total - d) / d;
    err.printf(
        Locale.ROOT,
        "\r%-28s [%s%s] %3d%% %d/%d, %.0f s left ",
        label,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        100 * d / Math.max(1, total),
        d,
        total,
        left);
    err.flush();
  }
}
