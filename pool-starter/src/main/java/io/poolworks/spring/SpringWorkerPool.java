package io.poolworks.spring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;

import io.poolworks.PoolSettings;
import io.poolworks.PoolStats;
import io.poolworks.PoolTuning;
import io.poolworks.ShutdownReport;
import io.poolworks.Task;
import io.poolworks.WorkerPool;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.support.PeriodicTrigger;

/**
 * A {@link WorkerPool} that Spring can use wherever it expects an executor: it is also an
 * {@link AsyncTaskExecutor} (for {@code @Async}, MVC async requests, Spring Integration,
 * messaging listener containers) and a {@link TaskScheduler} (for
 * {@code @Scheduled(scheduler = "<pool>")}). Every pool of {@code application.yml} is
 * registered as one, and {@link WorkerPoolFactory#create(String)} returns one; wrap a
 * pool you build yourself with {@link #of(WorkerPool)}. <pre>{@code
 * &#64;Bean
 * WebMvcConfigurer asyncRequestsOnAPool(@Qualifier("web") AsyncTaskExecutor web) {
 *     return new WebMvcConfigurer() {
 *         &#64;Override
 *         public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
 *             configurer.setTaskExecutor(web);
 *         }
 *     };
 * }
 * }</pre>
 * <p>
 * Everything runs on the pool, with its saturation policy, rate limit, counts and drain:
 * {@code submit} and {@code execute} as on the pool itself. A task of an {@code @Async}
 * method is named {@code bean#method} and counts as failed when the method throws, also a
 * {@code void} one (whose exception still reaches Spring's
 * {@code AsyncUncaughtExceptionHandler}). A scheduled task waits for its time on one
 * timer thread of this pool (started on first use) and then starts on the pool; the next
 * run is planned when a run ends, so runs of one schedule never overlap. A run the pool
 * refuses because it is full is skipped with a WARN; when the pool shuts down, its
 * schedules end.
 * <p>
 * The pool's own methods are delegated unchanged. Thread-safe.
 */
public final class SpringWorkerPool implements WorkerPool, AsyncTaskExecutor, TaskScheduler {

    private final WorkerPool pool;

    private final Clock clock = Clock.systemDefaultZone();

    private final Set<ScheduledPoolTask> schedules = ConcurrentHashMap.newKeySet();

    private volatile @Nullable ScheduledExecutorService timer;

    private SpringWorkerPool(WorkerPool pool) {
        this.pool = pool;
    }

    /**
     * Return the given pool as a {@code SpringWorkerPool}.
     * @param pool the pool
     * @return a {@code SpringWorkerPool} that delegates to {@code pool}, or {@code pool}
     * itself if it is one
     */
    public static SpringWorkerPool of(WorkerPool pool) {
        Objects.requireNonNull(pool, "pool must not be null");
        return (pool instanceof SpringWorkerPool spring) ? spring : new SpringWorkerPool(pool);
    }

    // ---- AsyncTaskExecutor ----

    @Override
    public void execute(Runnable task) {
        this.pool.execute(task);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return this.pool.submit(task);
    }

    /**
     * Submit a task. The task of an {@code @Async} method is named after it.
     * @param task the task
     * @return its future
     */
    @Override
    public <T> Future<T> submit(Callable<T> task) {
        AsyncInvocation invocation = AsyncInvocation.current();
        if (invocation == null) {
            return this.pool.submit(task);
        }
        return run(new AsyncTask<>(invocation.name(), task, invocation));
    }

    @Override
    public CompletableFuture<Void> submitCompletable(Runnable task) {
        Objects.requireNonNull(task, "task must not be null");
        return submitCompletable(() -> {
            task.run();
            return null;
        }, task.toString());
    }

    /**
     * Submit a task and return a completable future of it; the future is the pool's task,
     * so cancelling it before it starts keeps it from running. The task of an
     * {@code @Async} method is named after it.
     * @param task the task
     * @return its future
     */
    @Override
    public <T> CompletableFuture<T> submitCompletable(Callable<T> task) {
        Objects.requireNonNull(task, "task must not be null");
        return submitCompletable(task, task.toString());
    }

    private <T> CompletableFuture<T> submitCompletable(Callable<T> task, String name) {
        AsyncInvocation invocation = AsyncInvocation.current();
        return run(new AsyncTask<>((invocation != null) ? invocation.name() : name, task, invocation));
    }

    private <T> AsyncTask<T> run(AsyncTask<T> task) {
        this.pool.execute(task);
        return task;
    }

    // ---- TaskScheduler ----

    @Override
    public Clock getClock() {
        return this.clock;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
        Objects.requireNonNull(task, "task must not be null");
        Objects.requireNonNull(trigger, "trigger must not be null");
        ScheduledPoolTask scheduled = new ScheduledPoolTask(this.pool, task, trigger, timer(), this.clock,
                this.schedules::remove);
        this.schedules.add(scheduled);
        return scheduled.start();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
        Objects.requireNonNull(startTime, "startTime must not be null");
        return schedule(task, (context) -> (context.lastScheduledExecution() == null) ? startTime : null);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
        return schedule(task, periodic(period, startTime, true));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
        return schedule(task, periodic(period, this.clock.instant(), true));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
        return schedule(task, periodic(delay, startTime, false));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
        return schedule(task, periodic(delay, this.clock.instant(), false));
    }

    private PeriodicTrigger periodic(Duration period, Instant startTime, boolean fixedRate) {
        PeriodicTrigger trigger = new PeriodicTrigger(period);
        trigger.setFixedRate(fixedRate);
        Duration initialDelay = Duration.between(this.clock.instant(), startTime);
        trigger.setInitialDelay(initialDelay.isNegative() ? Duration.ZERO : initialDelay);
        return trigger;
    }

    private ScheduledExecutorService timer() {
        ScheduledExecutorService timer = this.timer;
        if (timer == null) {
            synchronized (this.schedules) {
                timer = this.timer;
                if (timer == null) {
                    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
                        Thread thread = Executors.defaultThreadFactory().newThread(runnable);
                        thread.setName(this.pool.name() + "-scheduler");
                        // Daemon: it only says when a task is due; the pool runs it.
                        thread.setDaemon(true);
                        return thread;
                    });
                    executor.setRemoveOnCancelPolicy(true);
                    if (this.pool.isShutdown()) {
                        executor.shutdown();
                    }
                    this.timer = executor;
                    timer = executor;
                }
            }
        }
        return timer;
    }

    /**
     * End every schedule: nothing new reaches a pool that shuts down.
     */
    private void endSchedules() {
        synchronized (this.schedules) {
            ScheduledExecutorService timer = this.timer;
            if (timer != null) {
                timer.shutdownNow();
            }
        }
        this.schedules.forEach((schedule) -> schedule.cancel(false));
    }

    // ---- WorkerPool ----

    @Override
    public String name() {
        return this.pool.name();
    }

    @Override
    public void execute(Runnable task, int priority) {
        this.pool.execute(task, priority);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task, int priority) {
        return this.pool.submit(task, priority);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return this.pool.submit(task, result);
    }

    @Override
    public <T> Future<T> submit(Task<T> task) {
        return this.pool.submit(task);
    }

    @Override
    public boolean tryExecute(Runnable task) {
        return this.pool.tryExecute(task);
    }

    @Override
    public boolean tryExecute(Runnable task, Duration timeout) {
        return this.pool.tryExecute(task, timeout);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return this.pool.invokeAll(tasks);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return this.pool.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return this.pool.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return this.pool.invokeAny(tasks, timeout, unit);
    }

    @Override
    public PoolStats stats() {
        return this.pool.stats();
    }

    @Override
    public PoolTuning tuning() {
        return this.pool.tuning();
    }

    @Override
    public PoolSettings settings() {
        return this.pool.settings();
    }

    @Override
    public ShutdownReport shutdownGracefully() {
        endSchedules();
        return this.pool.shutdownGracefully();
    }

    @Override
    public ShutdownReport shutdownGracefully(Duration drainTimeout) {
        endSchedules();
        return this.pool.shutdownGracefully(drainTimeout);
    }

    @Override
    public void shutdown() {
        endSchedules();
        this.pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        endSchedules();
        return this.pool.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return this.pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return this.pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return this.pool.awaitTermination(timeout, unit);
    }

    /**
     * Close the pool as {@link WorkerPool#close()} does: wait for every accepted task.
     * Code that must stop in bounded time calls {@link #shutdownGracefully()}.
     */
    @Override
    public void close() {
        endSchedules();
        this.pool.close();
    }

    @Override
    public String toString() {
        return this.pool.toString();
    }

}
