package dev.sift.service.system;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The worker pool's queue: bounded like a {@code LinkedBlockingQueue}, but handing out tasks
 * round-robin by tenant instead of first-in first-out, so that a tenant with a long backlog does
 * not make the next tenant's request wait behind all of it: that request runs as soon as a worker
 * frees.
 */
final class TenantFairQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

  private final int capacity;
  private final Function<Runnable, String> tenantOf;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();

  /**
   * Each tenant's waiting tasks, tenants in the order they are next served; a tenant with none has
   * no entry.
   */
  private final LinkedHashMap<String, ArrayDeque<Runnable>> waiting = new LinkedHashMap<>();

  private int size;

  /**
   * @param tenantOf the tenant a task belongs to; tasks of no tenant share one turn
   */
  TenantFairQueue(int capacity, Function<Runnable, String> tenantOf) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.tenantOf = tenantOf;
  }

  @Override
  public boolean offer(Runnable task) {
    Objects.requireNonNull(task);
    lock.lock();
    try {
      if (size >= capacity) {
        return false;
      }
      enqueue(task);
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void put(Runnable task) throws InterruptedException {
    Objects.requireNonNull(task);
    lock.lockInterruptibly();
    try {
      while (size >= capacity) {
        notFull.await();
      }
      enqueue(task);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean offer(Runnable task, long timeout, TimeUnit unit) throws InterruptedException {
    Objects.requireNonNull(task);
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (size >= capacity) {
        if (nanos <= 0) {
          return false;
        }
        nanos = notFull.awaitNanos(nanos);
      }
      enqueue(task);
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Runnable poll() {
    lock.lock();
    try {
      return size == 0 ? null : dequeue();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Runnable take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (size == 0) {
        notEmpty.await();
      }
      return dequeue();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (size == 0) {
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      return dequeue();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Runnable peek() {
    lock.lock();
    try {
      return size == 0 ? null : waiting.firstEntry().getValue().peekFirst();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean remove(Object o) {
    lock.lock();
    try {
      Iterator<ArrayDeque<Runnable>> tenants = waiting.values().iterator();
      while (tenants.hasNext()) {
        ArrayDeque<Runnable> tasks = tenants.next();
        if (tasks.remove(o)) {
          if (tasks.isEmpty()) {
            tenants.remove();
          }
          size--;
          notFull.signal();
          return true;
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int remainingCapacity() {
    lock.lock();
    try {
      return capacity - size;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int drainTo(Collection<? super Runnable> c) {
    return drainTo(c, Integer.MAX_VALUE);
  }

  @Override
  public int drainTo(Collection<? super Runnable> c, int maxElements) {
    lock.lock();
    try {
      int n = 0;
      while (n < maxElements && size > 0) {
        c.add(dequeue());
        n++;
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** A snapshot in serving order; its {@code remove} removes from the queue. */
  @Override
  public Iterator<Runnable> iterator() {
    List<Runnable> snapshot = new ArrayList<>();
    lock.lock();
    try {
      waiting.values().forEach(snapshot::addAll);
    } finally {
      lock.unlock();
    }
    Iterator<Runnable> it = snapshot.iterator();
    return new Iterator<>() {
      private Runnable last;

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Runnable next() {
        if (!it.hasNext()) {
          throw new NoSuchElementException();
        }
        last = it.next();
        return last;
      }

      @Override
      public void remove() {
        if (last == null) {
          throw new IllegalStateException();
        }
        TenantFairQueue.this.remove(last);
        last = null;
      }
    };
  }

  private void enqueue(Runnable task) {
    String tenant = Objects.requireNonNullElse(tenantOf.apply(task), "");
    waiting.computeIfAbsent(tenant, t -> new ArrayDeque<>()).addLast(task);
    size++;
    notEmpty.signal();
  }

  /**
   * The first task of the tenant whose turn it is; that tenant, if it has more, goes to the back.
   */
  private Runnable dequeue() {
    Map.Entry<String, ArrayDeque<Runnable>> next = waiting.pollFirstEntry();
    Runnable task = next.getValue().pollFirst();
    if (!next.getValue().isEmpty()) {
      waiting.put(next.getKey(), next.getValue());
    }
    size--;
    notFull.signal();
    return task;
  }
}
