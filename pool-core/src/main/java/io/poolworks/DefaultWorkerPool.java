package io.poolworks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.poolworks.event.PoolListener;
import io.poolworks.event.TaskRejected;
import io.poolworks.spi.GuardedCalls;
import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public face of a pool: it assembles the engine (the state under the lock), the
 * runner (a task's run, outside it), the graceful shutdown and the tuning view, turns a
 * submission into an admission and an admission's answer into the saturation policy's
 * outcome. Nothing calls back into it.
 */
final class DefaultWorkerPool extends AbstractExecutorService implements WorkerPool {

    private static final Logger logger = LoggerFactory.getLogger(WorkerPool.class);

    private final PoolConfig config;

    private final String name;

    private final Ticker ticker;

    private final @Nullable GuardedCalls<PoolListener> listeners;

    private final TaskRunner runner;

    private final PoolEngine engine;

    private final GracefulShutdown gracefulShutdown;

    private final Tuning tuning;

    private final @Nullable AdaptiveLimiter limiter;

    /** Whether tasks carry the time they were queued: for events, expiry or aging. */
    private final boolean stamped;

    private final boolean prioritized;

    /** The origin of aged priority keys, so that they stay far from overflow. */
    private final long agingOrigin;

    private final LongAdder rejected = new LongAdder();

    private final LongAdder callerRuns = new LongAdder();

    /**
     * The future {@link #newTaskFor} made last on this thread: {@code invokeAny} and
     * {@code ExecutorCompletionService} execute it, or a wrapper around it, next, and the
     * pool must know it to count it and to take it out of the queue when it is cancelled.
     * The timed {@code invokeAll} of Java 17 to 25 makes all its futures before it
     * executes the first: a future of this pool given to {@code execute} is therefore
     * recognised by itself, never taken for the one made last.
     */
    private final ThreadLocal<@Nullable PoolFuture<?>> madeForExecute = new ThreadLocal<>();

    private volatile boolean newTaskForUsed;

    DefaultWorkerPool(PoolConfig config) {
        this.config = config;
        this.name = config.name();
        this.ticker = config.ticker();
        this.listeners = config.listeners().isEmpty() ? null
                : GuardedCalls.of(config.listeners(), "pool '" + this.name + "'", WorkerPool.class);
        this.stamped = config.stamped();
        this.prioritized = config.queueOrder() == QueueOrder.PRIORITY;
        this.agingOrigin = this.ticker.read();
        this.limiter = (config.adaptiveLimit() != null)
                ? AdaptiveLimiter.of(config.adaptiveLimit(), this.name, config.limitAlgorithms()) : null;
        this.runner = new TaskRunner(config, this.listeners, this.stamped, this.limiter);
        this.engine = new PoolEngine(config, this.runner, this.listeners, this.limiter);
        this.gracefulShutdown = new GracefulShutdown(this.engine);
        this.tuning = new Tuning(this.engine, this.name, this.ticker, this.limiter);
        this.engine.startMinWorkers();
    }

    @Override
    public String name() {
        return this.name;
    }

    // ---- submission ----

    @Override
    public void execute(Runnable task) {
        Check.notNull("task", task, this.name);
        Runnable run = decorate(task);
        submitted(task, run, madeForExecute(task), priority(task, run), blockNanos());
    }

    @Override
    public void execute(Runnable task, int priority) {
        Check.notNull("task", task, this.name);
        submitted(task, decorate(task), madeForExecute(task), priority, blockNanos());
    }

    @Override
    public boolean tryExecute(Runnable task) {
        Check.notNull("task", task, this.name);
        Runnable run = decorate(task);
        return tried(task, run, priority(task, run), 0L);
    }

    @Override
    public boolean tryExecute(Runnable task, Duration timeout) {
        Check.notNull("task", task, this.name);
        Check.notNull("timeout", timeout, this.name);
        Runnable run = decorate(task);
        return tried(task, run, priority(task, run), Check.nanos(timeout));
    }

    @Override
    public <T> Future<T> submit(Callable<T> task, int priority) {
        Check.notNull("task", task, this.name);
        return submitted(new PoolFuture<>(this.name, task), priority);
    }

    @Override
    public <T> Future<T> submit(Task<T> task) {
        Check.notNull("task", task, this.name);
        PoolFuture<T> future = PoolFuture.of(this.name, task);
        return submitted(future, future.priority());
    }

    @Override
    public Future<?> submit(Runnable task) {
        return submit(task, null);
    }

    @Override
    public <T> Future<T> submit(Runnable task, @Nullable T result) {
        Check.notNull("task", task, this.name);
        PoolFuture<T> future = new PoolFuture<>(this.name, task, result);
        return submitted(future, future.priority());
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        Check.notNull("task", task, this.name);
        PoolFuture<T> future = new PoolFuture<>(this.name, task);
        return submitted(future, future.priority());
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return madeForExecute(new PoolFuture<>(this.name, callable));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return madeForExecute(new PoolFuture<>(this.name, runnable, value));
    }

    private <T> PoolFuture<T> madeForExecute(PoolFuture<T> future) {
        this.newTaskForUsed = true;
        future.madeBy = this.engine;
        this.madeForExecute.set(future);
        return future;
    }

    /**
     * The future of this pool that {@code task} runs: the task itself when it is a future
     * {@link #newTaskFor} made, else (a wrapper) the future made last on this thread, if
     * that one is still to be queued.
     */
    private @Nullable PoolFuture<?> madeForExecute(Runnable task) {
        if (!this.newTaskForUsed) {
            return null;
        }
        PoolFuture<?> last = this.madeForExecute.get();
        if (task instanceof PoolFuture<?> future && future.madeBy == this.engine) {
            if (future == last) {
                this.madeForExecute.remove();
            }
            return unqueued(future);
        }
        if (last == null) {
            return null;
        }
        this.madeForExecute.remove();
        // Made by an invokeAll that timed out before executing it: cancelled.
        return last.isDone() ? null : unqueued(last);
    }

    private static @Nullable PoolFuture<?> unqueued(PoolFuture<?> future) {
        return (future.queuedAs == null) ? future : null;
    }

    private <T> PoolFuture<T> submitted(PoolFuture<T> future, int priority) {
        submitted(future, decorate(future), future, priority, blockNanos());
        return future;
    }

    private long blockNanos() {
        return (this.config.saturationPolicy() == SaturationPolicy.BLOCK) ? this.config.blockTimeoutNanos() : 0L;
    }

    /**
     * Admit a task under the saturation policy: return, run it in the caller or throw.
     */
    private void submitted(Runnable task, Runnable run, @Nullable PoolFuture<?> future, int priority, long waitNanos) {
        long queuedAt = this.stamped ? this.ticker.read() : 0L;
        Admission admission = this.engine.admit(task, run, future, queuedAt, key(priority, queuedAt), waitNanos);
        if (admission == Admission.ACCEPTED) {
            return;
        }
        if (admission == Admission.FULL && this.config.saturationPolicy() == SaturationPolicy.CALLER_RUNS) {
            runInCaller(task, run, future, queuedAt);
            return;
        }
        throw rejected(task, admission);
    }

    private boolean tried(Runnable task, Runnable run, int priority, long waitNanos) {
        long queuedAt = this.stamped ? this.ticker.read() : 0L;
        Admission admission = this.engine.admit(task, run, madeForExecute(task), queuedAt, key(priority, queuedAt),
                waitNanos);
        if (admission == Admission.ACCEPTED) {
            return true;
        }
        rejected(task, admission);
        return false;
    }

    private void runInCaller(Runnable task, Runnable run, @Nullable PoolFuture<?> future, long queuedAt) {
        RunSlot slot = new RunSlot();
        slot.thread = Thread.currentThread();
        slot.submitted = task;
        slot.run = run;
        slot.future = future;
        slot.queuedAt = queuedAt;
        if (!this.engine.callerStarts(slot)) {
            throw rejected(task, Admission.SHUTTING_DOWN);
        }
        this.callerRuns.increment();
        this.runner.watch(slot);
        try {
            this.runner.run(slot, false, Long.MIN_VALUE);
        }
        finally {
            this.runner.unwatch(slot);
            this.engine.callerFinished(slot);
        }
    }

    private RejectedTaskException rejected(Runnable task, Admission admission) {
        RejectionReason reason = switch (admission) {
            case SHUTTING_DOWN -> RejectionReason.SHUTTING_DOWN;
            case INTERRUPTED -> RejectionReason.INTERRUPTED;
            case WORKER_START_FAILED -> RejectionReason.WORKER_START_FAILED;
            default -> RejectionReason.QUEUE_FULL;
        };
        this.rejected.increment();
        GuardedCalls<PoolListener> listeners = this.listeners;
        if (listeners != null) {
            listeners.call(PoolListener::taskRejected, new TaskRejected(this.name, task, reason));
        }
        Throwable cause = (reason == RejectionReason.WORKER_START_FAILED) ? this.engine.lastStartFailure() : null;
        return new RejectedTaskException(this.name, reason, rejectionMessage(reason, cause), cause);
    }

    private String rejectionMessage(RejectionReason reason, @Nullable Throwable cause) {
        return switch (reason) {
            case QUEUE_FULL -> {
                PoolStats stats = this.engine.stats(0L, 0L);
                yield "Pool '" + this.name + "' is full: all " + stats.maxWorkers() + " maxWorkers are busy and "
                        + stats.queueCapacity() + " tasks (queueCapacity) are waiting; use tryExecute to shed load, "
                        + "raise maxWorkers or queueCapacity, or choose SaturationPolicy.BLOCK or CALLER_RUNS";
            }
            case SHUTTING_DOWN -> "Pool '" + this.name + "' is shutting down and accepts no new tasks";
            case INTERRUPTED -> "Pool '" + this.name + "' was full and the submitting thread was interrupted while "
                    + "it waited for room";
            case WORKER_START_FAILED -> "Pool '" + this.name + "' could not start a worker for the task: " + cause;
        };
    }

    private Runnable decorate(Runnable task) {
        TaskDecorator decorator = this.config.taskDecorator();
        if (decorator == null) {
            return task;
        }
        try {
            Runnable decorated = decorator.decorate(task);
            return (decorated != null) ? decorated : task;
        }
        catch (Throwable ex) {
            logger.warn("Task decorator of pool '{}' failed on {}; running the task undecorated", this.name, task, ex);
            return task;
        }
    }

    private int priority(Runnable task, Runnable run) {
        if (!this.prioritized) {
            return 0;
        }
        return (task instanceof Prioritized prioritized) ? prioritized.priority()
                : (run instanceof Prioritized prioritized) ? prioritized.priority() : 0;
    }

    /**
     * The priority-queue key: the priority, or with aging a key that grows by one level
     * per aging interval of waiting; it is fixed at admission, so ordering by it costs
     * nothing more at dequeue.
     */
    private long key(int priority, long queuedAt) {
        long aging = this.config.agingNanos();
        if (aging == 0L) {
            return priority;
        }
        long scaled;
        try {
            scaled = Math.multiplyExact(priority, aging);
        }
        catch (ArithmeticException ex) {
            scaled = (priority > 0) ? Long.MAX_VALUE / 2 : Long.MIN_VALUE / 2;
        }
        return scaled - (queuedAt - this.agingOrigin);
    }

    // ---- shutdown ----

    @Override
    public void shutdown() {
        this.engine.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return this.engine.stop(true).unstarted();
    }

    @Override
    public boolean isShutdown() {
        return this.engine.runState() >= Lifecycle.SHUTDOWN;
    }

    @Override
    public boolean isTerminated() {
        return this.engine.runState() == Lifecycle.TERMINATED;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return this.engine.awaitTermination(unit.toNanos(timeout));
    }

    @Override
    public ShutdownReport shutdownGracefully() {
        return this.gracefulShutdown.run(this.config.drainTimeoutNanos(), this.config.terminationGraceNanos());
    }

    @Override
    public ShutdownReport shutdownGracefully(Duration drainTimeout) {
        Check.notNegative("drainTimeout", drainTimeout, this.name);
        return this.gracefulShutdown.run(Check.nanos(drainTimeout), this.config.terminationGraceNanos());
    }

    @Override
    public void close() {
        if (isTerminated()) {
            return;
        }
        shutdown();
        boolean interrupted = false;
        while (!isTerminated()) {
            try {
                awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            }
            catch (InterruptedException ex) {
                if (!interrupted) {
                    shutdownNow();
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- stats, settings, tuning ----

    @Override
    public PoolStats stats() {
        return this.engine.stats(this.rejected.sum(), this.callerRuns.sum());
    }

    @Override
    public PoolSettings settings() {
        PoolConfig config = this.config;
        StartPermits permits = this.engine.permits();
        return new PoolSettings(config.queueOrder(), config.saturationPolicy(),
                Duration.ofNanos(config.idleTimeoutNanos()), Duration.ofNanos(config.blockTimeoutNanos()),
                Duration.ofNanos(config.drainTimeoutNanos()), Duration.ofNanos(config.terminationGraceNanos()),
                nanosOrNull(config.agingNanos()), (permits != null) ? permits.rateLimit() : null, permits != null,
                nanosOrNull(config.taskTimeoutNanos()), nanosOrNull(config.maxQueueWaitNanos()),
                config.threadNamePrefix(), config.virtualThreads(), permits, config.adaptiveLimit(),
                (this.limiter != null) ? this.limiter.pinned() : null);
    }

    private static @Nullable Duration nanosOrNull(long nanos) {
        return (nanos > 0L) ? Duration.ofNanos(nanos) : null;
    }

    @Override
    public PoolTuning tuning() {
        return this.tuning;
    }

    @Override
    public String toString() {
        return "WorkerPool[" + this.name + "]";
    }

}
