package dev.sift.service.admin;

import dev.sift.data.ProgressBar;
import dev.sift.engine.FitProgress;
import dev.sift.engine.HistoryImporter;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The import's bar while batches are stored, then a second bar for the refit: without it the last
 * line sat at 100% through minutes of calibration.
 */
final class ImportProgress implements HistoryImporter.Listener, AutoCloseable {
  private final ProgressBar importing;
  private final PrintStream err;
  private final String tenant;
  private ProgressBar calibrating;
  private boolean calibrationStarted;

  ImportProgress(ProgressBar importing, PrintStream err, String tenant) {
    this.importing = importing;
    this.err = err;
    this.tenant = tenant;
  }

  @Override
  public void stored(long imported) {
    importing.count(imported);
  }

  @Override
  public void swapping(long imported) {
    importing.finish();
    err.printf("Swapping the rebuilt index of tenant '%s' in...%n", tenant);
  }

  @Override
  public synchronized void calibrating(long imported) {
    importing.finish();
    err.printf("Calibrating tenant '%s' (%,d tickets stored)...%n", tenant, imported);
    calibrating = ProgressBar.phases(err);
  }

  @Override
  public synchronized void calibrationProgress(FitProgress.Step step, long done, long total) {
    if (calibrating != null) {
      boolean first = !calibrationStarted;
      calibrating.show(label(step), done, total);
      // The redraws start with the first step, so that no empty import line is drawn before it.
      if (first) {
        calibrating.start();
        calibrationStarted = true;
      }
    }
  }

  /** The calibration step on the bar, e.g. {@code Calibrating 2/4 finding neighbours of …}. */
  static String label(FitProgress.Step step) {
    return String.format(
        Locale.ROOT,
        "Calibrating %d/%d %s",
        step.number(),
        FitProgress.Step.values().length,
        step.label());
  }

  /** Ends the calibration line, if there was one. */
  synchronized void finish() {
    if (calibrating != null) {
      calibrating.finish();
      calibrating = null;
    }
  }

  @Override
  public synchronized void close() {
    if (calibrating != null) {
      calibrating.close();
    }
  }
}
