package dev.sift.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link LiveWrites} within one process: per tenant, live writes hold the read side of a lock; an
 * erasure, and a rebuild to start its journal and at the end to replay it and swap, take the write
 * side, so no acknowledged write falls between the two.
 */
final class LocalLiveWrites implements LiveWrites {

  private final Map<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();
  private final RebuildJournals journals = new RebuildJournals();

  /**
   * How often each tenant was erased by this process: a long write started before an erasure must
   * not outlive it.
   */
  private final Map<String, Long> erasures = new ConcurrentHashMap<>();

  @Override
  public <T> T write(String tenant, RebuildJournals.Write write, Supplier<T> apply) {
    Lock lock = lock(tenant).readLock();
    lock.lock();
    try {
      T value = apply.get();
      journals.note(tenant, write);
      return value;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <T> T writeUnlessErased(
      String tenant, long erasuresSeen, RebuildJournals.Write write, Supplier<T> apply) {
    Lock lock = lock(tenant).readLock();
    lock.lock();
    try {
      if (erasures(tenant) != erasuresSeen) {
        throw new TenantErasedException(tenant);
      }
      return write(tenant, write, apply);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void erase(String tenant, Runnable delete) {
    Lock lock = lock(tenant).writeLock();
    lock.lock();
    try {
      journals.erased(tenant);
      delete.run();
      erasures.merge(tenant, 1L, Long::sum);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long erasures(String tenant) {
    return erasures.getOrDefault(tenant, 0L);
  }

  @Override
  public void start(String tenant, String staging) {
    Lock lock = lock(tenant).writeLock();
    lock.lock();
    try {
      journals.start(tenant, staging); // live writes from now on are replayed before the swap
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void finish(
      String tenant, String staging, Consumer<List<RebuildJournals.Write>> replayAndSwap) {
    Lock lock = lock(tenant).writeLock();
    lock.lock();
    try {
      RebuildJournals.Journal journal = journals.get(tenant);
      if (journal.tenantErased) {
        throw new TenantErasedException(tenant);
      }
      replayAndSwap.accept(journal.writes());
    } finally {
      journals.end(tenant);
      lock.unlock();
    }
  }

  @Override
  public void abandon(String tenant, String staging) {
    RebuildJournals.Journal journal = journals.get(tenant);
    if (journal != null && journal.staging.equals(staging)) {
      journals.end(tenant);
    }
  }

  @Override
  public void refuseIfErased(String staging) {
    journals.refuseIfErased(staging);
  }

  private ReentrantReadWriteLock lock(String tenant) {
    return locks.computeIfAbsent(tenant, t -> new ReentrantReadWriteLock());
  }
}
