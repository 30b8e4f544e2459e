package dev.sift.service.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The bounded pool behind triage and upsert requests. Spring MVC cancels a timed-out request's task
 * with an interrupt; an interrupt inside a Lucene commit or an fsync closes the channel and can
 * fail the index for every tenant, so a cancel here never interrupts: the task finishes (its write
 * is durable, merely unacknowledged) and the caller has already had its 503.
 *
 * <p>Each tenant (the {@code {tenant}} of the request's path, or the one {@link WorkerTenant}
 * names) may hold at most {@code maxPerTenant} of the pool's workers and queue slots together; a
 * request beyond that is refused at once ({@link TenantShareExceededException}, 503 overloaded), so
 * one tenant cannot fill the pool and have every other tenant's requests shed or queued behind its
 * own. Waiting requests are served round-robin by tenant ({@link TenantFairQueue}): another
 * tenant's request runs as soon as a worker frees, not after the backlog of the tenant that filled
 * the queue.
 */
final class WorkerPool extends ThreadPoolTaskExecutor {

  private final int maxPerTenant;

  /** Requests each tenant holds, running or queued; a tenant holding none has no entry. */
  private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

  WorkerPool(int threads, int queued, int maxPerTenant) {
    this.maxPerTenant = maxPerTenant;
    setThreadNamePrefix("sift-worker-");
    setCorePoolSize(threads);
    setMaxPoolSize(threads);
    setQueueCapacity(queued);
    setWaitForTasksToCompleteOnShutdown(true);
    initialize();
  }

  /**
   * Round-robin by tenant: a tenant's backlog does not queue the next tenant's request behind all
   * of it.
   */
  @Override
  protected BlockingQueue<Runnable> createQueue(int queueCapacity) {
    // Without a queue, the hand-off queue lets an idle worker take a task directly; nothing waits
    // to be ordered.
    return queueCapacity < 1
        ? super.createQueue(queueCapacity)
        : new TenantFairQueue(
            queueCapacity, task -> task instanceof Tracked<?> t ? t.tenant : null);
  }

  @Override
  public Future<?> submit(Runnable task) {
    return start(new Tracked<>(task, null, tenantOfCurrentRequest()));
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return start(new Tracked<>(task, tenantOfCurrentRequest()));
  }

  /** Requests the tenant holds now, running or queued. */
  int inFlight(String tenant) {
    return inFlight.getOrDefault(tenant, 0);
  }

  private <T> Future<T> start(Tracked<T> task) {
    if (task.tenant != null) {
      boolean[] admitted = {false};
      inFlight.compute(
          task.tenant,
          (t, n) -> {
            int held = n == null ? 0 : n;
            admitted[0] = held < maxPerTenant;
            return admitted[0] ? Integer.valueOf(held + 1) : n;
          });
      if (!admitted[0]) {
        throw new TenantShareExceededException(task.tenant, maxPerTenant);
      }
    }
    try {
      execute(task);
    } catch (RuntimeException rejected) {
      task.release();
      throw rejected;
    }
    return new NonInterrupting<>(task);
  }

  private static String tenantOfCurrentRequest() {
    if (RequestContextHolder.getRequestAttributes()
        instanceof ServletRequestAttributes attributes) {
      HttpServletRequest request = attributes.getRequest();
      if (request.getAttribute(WorkerTenant.ATTRIBUTE) instanceof String bound) {
        return bound;
      }
      if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
              instanceof Map<?, ?> variables
          && variables.get(TenantPathInterceptor.VARIABLE) instanceof String tenant) {
        return tenant;
      }
    }
    return null;
  }

  /**
   * Counts against its tenant from submission until it has run, or was cancelled before it started.
   */
  private final class Tracked<T> extends FutureTask<T> {
    private final String tenant;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();

    Tracked(Callable<T> callable, String tenant) {
      super(callable);
      this.tenant = tenant;
    }

    Tracked(Runnable runnable, T result, String tenant) {
      super(runnable, result);
      this.tenant = tenant;
    }

    @Override
    public void run() {
      started.set(true);
      try {
        super.run();
      } finally {
        release();
      }
    }

    @Override
    protected void done() {
      // Cancelled while queued: it will never run, so its slot is free now. A cancelled running
      // task (never interrupted) still holds its worker until run() returns.
      if (!started.get()) {
        release();
        // and its queue slot too: the executor would otherwise keep the dead task queued until a
        // worker reached it, so one tenant's timed-out backlog could fill the queue that the share
        // is meant to leave to others.
        if (isCancelled()) {
          getThreadPoolExecutor().remove(this);
        }
      }
    }

    void release() {
      if (tenant != null && released.compareAndSet(false, true)) {
        inFlight.computeIfPresent(tenant, (t, n) -> n <= 1 ? null : n - 1);
      }
    }
  }

  private record NonInterrupting<T>(Future<T> delegate) implements Future<T> {
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return delegate.cancel(false);
    }

    @Override
    public boolean isCancelled() {
      return delegate.isCancelled();
    }

    @Override
    public boolean isDone() {
      return delegate.isDone();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
      return delegate.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      return delegate.get(timeout, unit);
    }
  }

  /** The tenant already holds its share of the pool. */
  static final class TenantShareExceededException extends TaskRejectedException {
    private final String tenant;
    private final int maxPerTenant;

    TenantShareExceededException(String tenant, int maxPerTenant) {
      super("tenant " + tenant + " already holds " + maxPerTenant + " workers and queue slots");
      this.tenant = tenant;
      this.maxPerTenant = maxPerTenant;
    }

    String tenant() {
      return tenant;
    }

    int maxPerTenant() {
      return maxPerTenant;
    }
  }
}
