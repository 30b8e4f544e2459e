package dev.sift.engine;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a tenant's live writes, its erasure and the swap of a rebuild exclude each other, and how a
 * rebuild learns what happened to the live tenant while it built its staging index: within one
 * process ({@link LocalLiveWrites}, files and Lucene), or across the replicas that share one
 * PostgreSQL ({@link SharedLiveWrites}), where a write or an erasure may reach another replica than
 * the one running the rebuild.
 */
interface LiveWrites {

  /**
   * Runs a live write of the tenant ({@code apply}, which writes what {@code write} says) so that
   * the swap of a rebuild of the tenant falls either before it (and the write lands on the swapped
   * index) or after its journaling (and the rebuild replays it before swapping).
   */
  <T> T write(String tenant, RebuildJournals.Write write, Supplier<T> apply);

  /**
   * As {@link #write}, unless the tenant was erased since {@link #erasures} said {@code
   * erasuresSeen}: then nothing is written and {@link TenantErasedException} is thrown.
   */
  <T> T writeUnlessErased(
      String tenant, long erasuresSeen, RebuildJournals.Write write, Supplier<T> apply);

  /**
   * Erases the tenant with {@code delete}; a rebuild of it under way never swaps in (it stops at
   * its next staging batch, or at the latest at its swap).
   */
  void erase(String tenant, Runnable delete);

  /** How many times the tenant was erased so far: a long write notes it before it starts. */
  long erasures(String tenant);

  /** Starts journaling the tenant's live writes for a rebuild into {@code staging}. */
  void start(String tenant, String staging);

  /**
   * Hands the live writes journaled since {@link #start} to {@code replayAndSwap}, which applies
   * them to the staging index and swaps it in, while no live write or erasure of the tenant runs.
   *
   * @throws TenantErasedException when the tenant was erased meanwhile; nothing is swapped
   */
  void finish(String tenant, String staging, Consumer<List<RebuildJournals.Write>> replayAndSwap);

  /** Ends the journal of a rebuild that failed or was cancelled. */
  void abandon(String tenant, String staging);

  /** Refuses a batch of a rebuild's staging index when its tenant was erased meanwhile. */
  void refuseIfErased(String staging);
}
