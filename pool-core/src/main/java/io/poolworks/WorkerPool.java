package io.poolworks;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

import io.github.bucket4j.Bucket;
import io.poolworks.event.PoolListener;
import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;

/**
 * A pool of worker threads: an {@link ExecutorService} with a bounded queue, dynamic
 * sizing, never-blocking submission, run-time tuning, consistent statistics and a phased
 * graceful shutdown that hands back every task it did not run. <pre>{@code
 * try (WorkerPool pool = WorkerPool.builder("emails")
 *         .minWorkers(2).maxWorkers(16).idleTimeout(Duration.ofSeconds(30))
 *         .queueCapacity(1_000)
 *         .saturationPolicy(SaturationPolicy.REJECT)
 *         .drainTimeout(Duration.ofSeconds(30))
 *         .build()) {
 *     if (!pool.tryExecute(() -> send(mail))) {
 *         // full: answer 429, retry later, ...
 *     }
 * }
 * }</pre>
 * <p>
 * A task that arrives when no worker is idle starts a new worker at once, up to
 * {@code maxWorkers}; beyond that it waits in the queue; beyond the queue's capacity the
 * {@link SaturationPolicy} decides. Workers above {@code minWorkers} exit after
 * {@code idleTimeout} without work. A task that throws never kills a worker.
 * <p>
 * A task counts as failed when it throws (and the pool logs it at ERROR), or, for a task
 * that is itself a {@link Future} (the futures of {@code submit}, or a {@code FutureTask}
 * or {@code CompletableFuture} subclass given to {@code execute}), when that future
 * completed exceptionally; such a failure belongs to whoever holds the future and is not
 * logged. A future that is cancelled before or while it runs counts as cancelled.
 * <p>
 * Implementations are thread-safe.
 */
public interface WorkerPool extends ExecutorService, AutoCloseable {

    /**
     * The most workers a pool can have, as {@code ForkJoinPool} limits its parallelism:
     * {@code minWorkers} and {@code maxWorkers} above it are refused.
     */
    int MAX_WORKERS = 32_767;

    /**
     * Return a builder for a pool with the given name.
     * @param name the pool name, used in thread names, logs, metrics and errors; not
     * blank
     * @return a new builder
     * @throws IllegalArgumentException if the name is blank
     * @throws NullPointerException if the name is {@code null}
     */
    static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Return the pool's name.
     * @return the name
     */
    String name();

    /**
     * Submit a task with a priority, for pools with {@link QueueOrder#PRIORITY}: higher
     * runs first, equal priorities in submission order. FIFO pools ignore the priority.
     * @param task the task to run
     * @param priority the priority; any int
     * @throws RejectedTaskException if the pool refuses the task
     * @throws NullPointerException if the task is {@code null}
     */
    void execute(Runnable task, int priority);

    /**
     * Submit a task with a priority, as {@link #execute(Runnable, int)}.
     * @param <T> the type of the result
     * @param task the task
     * @param priority the priority; any int
     * @return a future for the result
     * @throws RejectedTaskException if the pool refuses the task
     * @throws NullPointerException if the task is {@code null}
     */
    <T> Future<T> submit(Callable<T> task, int priority);

    /**
     * Submit a task without ever blocking or throwing for saturation.
     * @param task the task to run
     * @return {@code true} if the task was accepted, {@code false} if the pool is full or
     * shutting down (the task is counted as rejected)
     * @throws NullPointerException if the task is {@code null}
     */
    boolean tryExecute(Runnable task);

    /**
     * Submit a task, waiting up to the given time for room in the queue.
     * @param task the task to run
     * @param timeout how long to wait for room; zero or negative means do not wait
     * @return {@code true} if the task was accepted, {@code false} if there was no room
     * in time, the pool is shutting down or the calling thread was interrupted (its
     * interrupt status is then set again)
     * @throws NullPointerException if the task or the timeout is {@code null}
     */
    boolean tryExecute(Runnable task, Duration timeout);

    /**
     * Submit a task that receives a {@link TaskContext}, cancelled when the returned
     * future is cancelled or a shutdown reaches its cancel phase.
     * @param <T> the type of the result
     * @param task the task
     * @return a future for the result
     * @throws RejectedTaskException if the pool refuses the task
     * @throws NullPointerException if the task is {@code null}
     */
    <T> Future<T> submit(Task<T> task);

    /**
     * Return a consistent snapshot of the pool's size and counters. Cheap, and never
     * blocks a worker for longer than a queue operation.
     * @return the statistics
     */
    PoolStats stats();

    /**
     * Return the pool's run-time controls.
     * @return the tuning handle
     */
    PoolTuning tuning();

    /**
     * Return the settings the pool runs with, including a rate limit changed through
     * {@link #tuning()}.
     * @return the settings
     */
    PoolSettings settings();

    /**
     * Shut down gracefully with the pool's configured drain timeout.
     * @return what the shutdown did
     * @see #shutdownGracefully(Duration)
     */
    ShutdownReport shutdownGracefully();

    /**
     * Shut down in four phases: (1) refuse new tasks with
     * {@link RejectionReason#SHUTTING_DOWN}; (2) let the workers run the queued and
     * running tasks until all are done or the drain timeout passes; (3) take the
     * still-queued tasks out, to be returned in {@link ShutdownReport#unstarted()}, and
     * cancel the running ones (their {@link TaskContext} reports cancelled and their
     * thread is interrupted); (4) wait up to the pool's termination grace for the workers
     * to exit and name those that did not.
     * <p>
     * Returns within {@code drainTimeout} plus the termination grace, even if a task
     * ignores interruption. A second call waits for the first and returns the same
     * report.
     * @param drainTimeout how long to let queued and running tasks finish; zero skips to
     * the cancel phase
     * @return what the shutdown did
     * @throws IllegalArgumentException if the timeout is negative
     * @throws NullPointerException if the timeout is {@code null}
     */
    ShutdownReport shutdownGracefully(Duration drainTimeout);

    /**
     * Shut down and wait until every accepted task has completed and the pool has
     * terminated: the contract of {@code ExecutorService.close()} since Java 19, on every
     * Java version. Queued tasks still run. If the waiting thread is interrupted, the
     * pool is {@linkplain #shutdownNow() shut down now} (running tasks are cancelled,
     * queued ones handed back and dropped) and the wait goes on until it terminates; the
     * interrupt status is set again on return. Does nothing on a terminated pool.
     * <p>
     * {@code close()} is unbounded: it waits for as long as the tasks run. Code that must
     * stop in bounded time (an application shutting down) calls
     * {@link #shutdownGracefully()}, which cancels what is left after the drain timeout
     * and hands back the tasks it did not start.
     */
    @Override
    void close();

    /**
     * Builds a {@link WorkerPool}. Setters validate at once and name the pool in their
     * messages; rules between settings are checked by {@link #build()}. The last write of
     * a setting wins. <pre>{@code
     * WorkerPool pool = WorkerPool.builder("reports")
     *         .minWorkers(1).maxWorkers(4)
     *         .queueCapacity(100)
     *         .saturationPolicy(SaturationPolicy.BLOCK).blockTimeout(Duration.ofSeconds(2))
     *         .build();
     * }</pre>
     * <p>
     * Not thread-safe. A builder can build several pools; each gets a snapshot of its
     * settings.
     */
    final class Builder extends BuilderSettings {

        Builder(String name) {
            super(name);
        }

        /**
         * Set the number of workers kept alive even when idle; they start when the pool
         * is built. Default 1.
         * @param minWorkers the minimum, {@code 0} to {@value WorkerPool#MAX_WORKERS}
         * @return this builder
         * @throws InvalidSettingException if out of range
         */
        public Builder minWorkers(int minWorkers) {
            this.minWorkers = Check.between("minWorkers", minWorkers, 0, MAX_WORKERS, this.name);
            return this;
        }

        /**
         * Set the most workers the pool runs at once. Default: the number of processors,
         * at least 2, and at least {@code minWorkers}: a pool given only a minimum grows
         * its maximum to it, while a maximum set below the minimum fails in
         * {@link #build()}.
         * @param maxWorkers the maximum, {@code 1} to {@value WorkerPool#MAX_WORKERS} and
         * {@code >= minWorkers}
         * @return this builder
         * @throws InvalidSettingException if out of range
         */
        public Builder maxWorkers(int maxWorkers) {
            this.maxWorkers = Check.between("maxWorkers", maxWorkers, 1, MAX_WORKERS, this.name);
            return this;
        }

        /**
         * Set how long a worker above {@code minWorkers} waits for a task before it
         * exits. Default 60 seconds.
         * @param idleTimeout the timeout, positive
         * @return this builder
         * @throws InvalidSettingException if zero or negative
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = Check.positive("idleTimeout", idleTimeout, this.name);
            return this;
        }

        /**
         * Set how many tasks may wait for a worker; {@code 0} is a direct hand-off (a
         * task is accepted only if a worker can take it at once). Default 1000.
         * @param queueCapacity the capacity, {@code >= 0}
         * @return this builder
         * @throws InvalidSettingException if negative
         */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = Check.atLeast("queueCapacity", queueCapacity, 0, this.name);
            return this;
        }

        /**
         * Set what {@code execute} and {@code submit} do when the pool is full. Default
         * {@link SaturationPolicy#REJECT}.
         * @param saturationPolicy the policy
         * @return this builder
         * @throws NullPointerException if {@code null}
         */
        public Builder saturationPolicy(SaturationPolicy saturationPolicy) {
            this.saturationPolicy = Check.notNull("saturationPolicy", saturationPolicy, this.name);
            return this;
        }

        /**
         * Set how long {@link SaturationPolicy#BLOCK} waits for room before it rejects.
         * Default 30 seconds.
         * @param blockTimeout the timeout, positive
         * @return this builder
         * @throws InvalidSettingException if zero or negative
         */
        public Builder blockTimeout(Duration blockTimeout) {
            this.blockTimeout = Check.positive("blockTimeout", blockTimeout, this.name);
            return this;
        }

        /**
         * Set how long {@link WorkerPool#shutdownGracefully()} lets queued and running
         * tasks finish before it cancels the rest. {@link WorkerPool#close()} does not
         * use it: it waits for every task, without a bound. Default 20 seconds.
         * @param drainTimeout the timeout, {@code >= 0}
         * @return this builder
         * @throws InvalidSettingException if negative
         */
        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = Check.notNegative("drainTimeout", drainTimeout, this.name);
            return this;
        }

        /**
         * Set how long a graceful shutdown waits, after cancelling the running tasks, for
         * the workers to exit before it names them as stuck. Default 5 seconds.
         * @param terminationGrace the grace, {@code >= 0}
         * @return this builder
         * @throws InvalidSettingException if negative
         */
        public Builder terminationGrace(Duration terminationGrace) {
            this.terminationGrace = Check.notNegative("terminationGrace", terminationGrace, this.name);
            return this;
        }

        /**
         * Set the prefix of worker thread names, followed by a number. Default: the pool
         * name and a dash.
         * @param threadNamePrefix the prefix, not blank
         * @return this builder
         * @throws InvalidSettingException if blank
         */
        public Builder threadNamePrefix(String threadNamePrefix) {
            this.threadNamePrefix = Check.notBlank("threadNamePrefix", threadNamePrefix, this.name);
            return this;
        }

        /**
         * Set the factory of worker threads, replacing the default one and the thread
         * name prefix. A factory that returns {@code null} or throws makes the submission
         * that needed the worker fail with {@link RejectionReason#WORKER_START_FAILED}
         * unless another worker can take the task.
         * @param threadFactory the factory
         * @return this builder
         * @throws NullPointerException if {@code null}
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Check.notNull("threadFactory", threadFactory, this.name);
            return this;
        }

        /**
         * Set whether workers are virtual threads. Needs Java 21 or later:
         * {@link #build()} fails on older runtimes. Default {@code false}.
         * @param virtualThreads whether to use virtual threads
         * @return this builder
         */
        public Builder virtualThreads(boolean virtualThreads) {
            this.virtualThreads = virtualThreads;
            return this;
        }

        /**
         * Set a decorator applied to every task when it is submitted. Default none.
         * @param taskDecorator the decorator, or {@code null} for none
         * @return this builder
         */
        public Builder taskDecorator(@Nullable TaskDecorator taskDecorator) {
            this.taskDecorator = taskDecorator;
            return this;
        }

        /**
         * Add a listener of the pool's events; may be called more than once, listeners
         * are called in the order added.
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code null}
         */
        public Builder listener(PoolListener listener) {
            this.listeners.add(Check.notNull("listener", listener, this.name));
            return this;
        }

        /**
         * Set the order in which queued tasks start. Default {@link QueueOrder#FIFO}.
         * @param queueOrder the order
         * @return this builder
         * @throws NullPointerException if {@code null}
         */
        public Builder queueOrder(QueueOrder queueOrder) {
            this.queueOrder = Check.notNull("queueOrder", queueOrder, this.name);
            return this;
        }

        /**
         * Let waiting tasks gain one priority level per interval, so that low priorities
         * cannot starve. Needs {@link QueueOrder#PRIORITY}. Default none.
         * @param interval the interval, positive, or {@code null} for no aging
         * @return this builder
         * @throws InvalidSettingException if zero or negative
         */
        public Builder priorityAging(@Nullable Duration interval) {
            this.priorityAging = (interval != null) ? Check.positive("priorityAging", interval, this.name) : null;
            return this;
        }

        /**
         * Limit how many tasks start per period with a local token bucket; tasks waiting
         * for a token stay queued (cancellable, in order, handed back by a shutdown).
         * Replaces a bucket or permit source set before. Default none.
         * @param rateLimit the limit, or {@code null} for none
         * @return this builder
         */
        public Builder rateLimit(@Nullable RateLimit rateLimit) {
            this.rateLimit = rateLimit;
            this.bucket = null;
            this.startPermits = null;
            return this;
        }

        /**
         * Limit task starts with a ready Bucket4j bucket, for example one shared by
         * several pools. Each start consumes one token. Replaces a rate limit or permit
         * source set before. A convenience: {@link #startPermits(StartPermits)} is the
         * general form.
         * @param bucket the bucket
         * @return this builder
         * @throws NullPointerException if {@code null}
         */
        public Builder rateLimit(Bucket bucket) {
            this.bucket = Check.notNull("bucket", bucket, this.name);
            this.rateLimit = null;
            this.startPermits = null;
            return this;
        }

        /**
         * Take the permits to start tasks from the given source, for example a rate limit
         * shared by every instance of a service (module {@code poolworks-redis}). The
         * pool asks it outside its lock, from one worker at a time; tasks waiting for a
         * permit stay queued. Replaces a rate limit or bucket set before.
         * @param startPermits the source
         * @return this builder
         * @throws NullPointerException if {@code null}
         */
        public Builder startPermits(StartPermits startPermits) {
            this.startPermits = Check.notNull("startPermits", startPermits, this.name);
            this.rateLimit = null;
            this.bucket = null;
            return this;
        }

        /**
         * Cancel a task that runs longer than this: its context reports cancelled, its
         * thread is interrupted and it is counted as timed out. Default none.
         * @param taskTimeout the timeout, positive, or {@code null} for none
         * @return this builder
         * @throws InvalidSettingException if zero or negative
         */
        public Builder taskTimeout(@Nullable Duration taskTimeout) {
            this.taskTimeout = (taskTimeout != null) ? Check.positive("taskTimeout", taskTimeout, this.name) : null;
            return this;
        }

        /**
         * Drop a task that waited in the queue longer than this when its turn comes: it
         * never runs, is counted as expired and goes to the
         * {@linkplain #expiredTaskHandler(ExpiredTaskHandler) expired-task handler}.
         * Default none.
         * @param maxQueueWait the longest wait, positive, or {@code null} for none
         * @return this builder
         * @throws InvalidSettingException if zero or negative
         */
        public Builder maxQueueWait(@Nullable Duration maxQueueWait) {
            this.maxQueueWait = (maxQueueWait != null) ? Check.positive("maxQueueWait", maxQueueWait, this.name) : null;
            return this;
        }

        /**
         * Set who receives tasks dropped by the maximum queue wait. Default
         * {@link ExpiredTaskHandler#logging()}.
         * @param expiredTaskHandler the handler
         * @return this builder
         * @throws NullPointerException if {@code null}
         */
        public Builder expiredTaskHandler(ExpiredTaskHandler expiredTaskHandler) {
            this.expiredTaskHandler = Check.notNull("expiredTaskHandler", expiredTaskHandler, this.name);
            return this;
        }

        /**
         * Let the pool find how many tasks to run at once from their run times, below
         * {@code maxWorkers}: see {@link AdaptiveLimit}. Needs concurrency-limits on the
         * class path. Default none.
         * @param adaptiveLimit the limit, or {@code null} for none
         * @return this builder
         */
        public Builder adaptiveLimit(@Nullable AdaptiveLimit adaptiveLimit) {
            this.adaptiveLimit = adaptiveLimit;
            return this;
        }

        /**
         * Build the pool and start its {@code minWorkers} workers.
         * @return the running pool
         * @throws InvalidSettingException if {@code maxWorkers < minWorkers}, both a
         * thread factory and virtual threads are set, priority aging is set without
         * {@link QueueOrder#PRIORITY}, or not {@code min <= initial <= max <= maxWorkers}
         * for an adaptive limit
         * @throws IllegalStateException if virtual threads are requested on Java older
         * than 21, or an adaptive limit without concurrency-limits on the class path
         */
        public WorkerPool build() {
            return new DefaultWorkerPool(PoolConfig.of(this));
        }

    }

}
