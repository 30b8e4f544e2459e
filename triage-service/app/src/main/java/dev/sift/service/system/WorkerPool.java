package dev.sift.service.system;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The bounded pool behind triage and upsert requests. Spring MVC cancels a timed-out request's task with an
 * interrupt; an interrupt inside a Lucene commit or an fsync closes the channel and can fail the index for every
 * tenant, so a cancel here never interrupts: the task finishes (its write is durable, merely unacknowledged) and
 * the caller has already had its 503.
 */
final class WorkerPool extends ThreadPoolTaskExecutor {

  WorkerPool(int threads, int queued) {
    setThreadNamePrefix("sift-worker-");
    setCorePoolSize(threads);
    setMaxPoolSize(threads);
    setQueueCapacity(queued);
    setWaitForTasksToCompleteOnShutdown(true);
    initialize();
  }

  @Override
  public Future<?> submit(Runnable task) {
    return new NonInterrupting<>(super.submit(task));
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return new NonInterrupting<>(super.submit(task));
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
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      return delegate.get(timeout, unit);
    }
  }
}
