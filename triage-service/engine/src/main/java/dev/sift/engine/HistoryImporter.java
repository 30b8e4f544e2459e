package dev.sift.engine;

import dev.sift.data.ImportReport;
import dev.sift.data.Ticket;
import dev.sift.data.TicketReader;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Streams a history file into a tenant: tickets are read one at a time, stored in durable batches,
 * and the tenant's calibration is refitted once at the end. Shared by the HTTP upload, the
 * command-line import and the demo tenant, so all three behave the same.
 *
 * <p>Batches go to the store directly rather than through {@link dev.sift.engine.Tickets#upsert},
 * which would schedule a background refit after nearly every batch of a large import; the single
 * refit at the end is what {@link History#importHistory} does for a list held in memory.
 */
public final class HistoryImporter {

  /**
   * Tickets per durable write: large enough to amortise embedding and commit, small enough to
   * stream.
   */
  public static final int BATCH_SIZE = 500;

  /** Told after each stored batch and before the refit. */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void stored(long imported) {}

    default void calibrating(long imported) {}

    /** How far the refit after the import has come; see {@link dev.sift.engine.FitProgress}. */
    default void calibrationProgress(
        dev.sift.engine.FitProgress.Step step, long done, long total) {}

    /** A replace is about to swap the rebuilt index in. */
    default void swapping(long imported) {}
  }

  /**
   * A replace that was cancelled or could not finish; the tenant was left on its previous index.
   */
  public static final class ReplaceAbandonedException extends RuntimeException {
    public ReplaceAbandonedException(String message) {
      super(message);
    }
  }

  /**
   * The outcome of one import.
   *
   * @param created whether the tenant did not exist before
   * @param fit the refit, or null when nothing was imported
   */
  public record Result(
      String tenant, boolean created, ImportReport report, Duration took, TenantFit fit) {

    public double ticketsPerSecond() {
      double seconds = took.toNanos() / 1e9;
      return seconds <= 0 ? 0 : Math.round(report.imported() / seconds * 10) / 10.0;
    }
  }

  /**
   * An import that was asked to stop; the tickets stored before it stay (an append) or were dropped
   * (a replace).
   */
  public static final class CancelledException extends RuntimeException {
    private final long stored;

    CancelledException(long stored) {
      super("cancelled after " + stored + " tickets");
      this.stored = stored;
    }

    public long stored() {
      return stored;
    }
  }

  private final History history;

  public HistoryImporter(History history) {
    this.history = Objects.requireNonNull(history);
  }

  /** How many times the tenant was deleted so far; an import queued now passes it to its run. */
  public long erasures(String tenant) {
    return history.erasures(tenant);
  }

  /**
   * As {@link #run(String, TicketReader, InputStream, Listener, BooleanSupplier)}, but cannot be
   * cancelled.
   */
  public Result run(String tenant, TicketReader reader, InputStream in, Listener listener) {
    return run(tenant, reader, in, listener, () -> false);
  }

  /**
   * Imports everything {@code reader} finds in {@code in}. Tickets stored before a failure or a
   * cancel stay stored, and the tenant is refitted on them before the failure is passed on.
   *
   * @param cancelled polled between tickets
   * @throws dev.sift.data.ImportException when the input as a whole cannot be read
   * @throws CancelledException when {@code cancelled} turned true
   */
  public Result run(
      String tenant,
      TicketReader reader,
      InputStream in,
      Listener listener,
      BooleanSupplier cancelled) {
    return run(tenant, reader, in, listener, cancelled, erasures(tenant));
  }

  /**
   * As {@link #run(String, TicketReader, InputStream, Listener, BooleanSupplier)} for an import
   * queued when the tenant had been deleted {@code erasuresSeen} times ({@link #erasures}): a
   * delete since then stops it with {@link TenantErasedException} before its next batch, so an
   * erased tenant does not come back.
   */
  public Result run(
      String tenant,
      TicketReader reader,
      InputStream in,
      Listener listener,
      BooleanSupplier cancelled,
      long erasuresSeen) {
    long start = System.nanoTime();
    boolean existed = history.hasHistory(tenant);
    Batcher batcher = new Batcher(tenant, listener, cancelled, erasuresSeen);
    ImportReport report;
    try {
      report = reader.read(in, batcher);
      batcher.flush();
    } catch (RuntimeException e) {
      if (batcher.stored > 0 && !(e instanceof TenantErasedException)) {
        try {
          history.refit(tenant);
        } catch (RuntimeException refitFailure) {
          e.addSuppressed(refitFailure);
        }
      }
      throw e;
    }
    TenantFit fit = null;
    if (batcher.stored > 0) {
      listener.calibrating(batcher.stored);
      fit = history.refit(tenant, listener::calibrationProgress);
    }
    return new Result(
        tenant,
        !existed && batcher.stored > 0,
        report,
        Duration.ofNanos(System.nanoTime() - start),
        fit);
  }

  /**
   * Rebuilds a tenant from {@code in} without downtime: the tickets go into a staging index beside
   * the live one, which triage keeps serving; when the whole file is stored the staging index is
   * swapped in atomically and the tenant refitted. On failure or cancellation the staging index is
   * dropped and the live one is untouched. A file with no importable ticket is refused rather than
   * emptying the tenant.
   *
   * @param token names the staging index, lower-case letters and digits (a job id)
   * @param cancelled polled between tickets
   * @throws ReplaceAbandonedException when cancelled or when nothing could be imported
   */
  public Result replace(
      String tenant,
      String token,
      TicketReader reader,
      InputStream in,
      Listener listener,
      BooleanSupplier cancelled) {
    long start = System.nanoTime();
    boolean existed = history.hasHistory(tenant);
    ImportReport report =
        history.replace(
            tenant,
            token,
            staging -> {
              Batcher batcher = new Batcher(staging, listener, cancelled, erasures(staging));
              ImportReport read;
              try {
                read = reader.read(in, batcher);
              } catch (CancelledException e) {
                throw new ReplaceAbandonedException(
                    e.getMessage() + "; the tenant was left as it was");
              }
              batcher.flush();
              if (batcher.stored == 0) {
                throw new ReplaceAbandonedException(
                    "the file has no importable ticket ("
                        + read.summary()
                        + "); the tenant was left as it was");
              }
              listener.swapping(batcher.stored);
              return read;
            });
    listener.calibrating(report.imported());
    // Deleted right after the swap: calibrating would bring back its labels.
    if (!history.hasHistory(tenant)) {
      throw new TenantErasedException(tenant);
    }
    TenantFit fit = history.refit(tenant, listener::calibrationProgress);
    return new Result(tenant, !existed, report, Duration.ofNanos(System.nanoTime() - start), fit);
  }

  private final class Batcher implements java.util.function.Consumer<Ticket> {
    private final String tenant;
    private final Listener listener;
    private final BooleanSupplier cancelled;
    private final long erasuresSeen;
    private final List<Ticket> batch = new ArrayList<>(BATCH_SIZE);
    private long stored;

    Batcher(String tenant, Listener listener, BooleanSupplier cancelled, long erasuresSeen) {
      this.tenant = tenant;
      this.listener = listener;
      this.cancelled = cancelled;
      this.erasuresSeen = erasuresSeen;
    }

    @Override
    public void accept(Ticket ticket) {
      if (cancelled.getAsBoolean()) {
        throw new CancelledException(stored);
      }
      batch.add(ticket);
      if (batch.size() >= BATCH_SIZE) {
        flush();
      }
    }

    void flush() {
      if (batch.isEmpty()) {
        return;
      }
      history.storeUnlessErased(tenant, batch, erasuresSeen);
      stored += batch.size();
      batch.clear();
      listener.stored(stored);
    }
  }
}
