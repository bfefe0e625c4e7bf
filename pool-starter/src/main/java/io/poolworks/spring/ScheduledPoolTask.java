package io.poolworks.spring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.poolworks.WorkerPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.support.SimpleTriggerContext;

/**
 * A task scheduled through {@link SpringWorkerPool}'s {@code TaskScheduler} side: a timer
 * thread only says when it is due; each run starts on the pool, so that its rate limit,
 * counts, meters and drain apply. The next run is planned when a run ends (as Spring's
 * own schedulers do, so runs never overlap), from the {@link Trigger}.
 * <p>
 * A run the pool refuses because it is full is skipped with a WARN; once the pool shuts
 * down, the schedule ends.
 */
final class ScheduledPoolTask implements ScheduledFuture<Object> {

    private static final Logger logger = LoggerFactory.getLogger(SpringWorkerPool.class);

    private final WorkerPool pool;

    private final Runnable task;

    private final Trigger trigger;

    private final ScheduledExecutorService timer;

    private final Clock clock;

    private final SimpleTriggerContext context;

    private final CompletableFuture<Object> done = new CompletableFuture<>();

    private final Runnable run = new Run();

    private volatile @Nullable ScheduledFuture<?> pending;

    private volatile Instant scheduled = Instant.EPOCH;

    private volatile @Nullable Thread runner;

    ScheduledPoolTask(WorkerPool pool, Runnable task, Trigger trigger, ScheduledExecutorService timer, Clock clock,
            Consumer<ScheduledPoolTask> onDone) {
        this.pool = pool;
        this.task = task;
        this.trigger = trigger;
        this.timer = timer;
        this.clock = clock;
        this.context = new SimpleTriggerContext(clock);
        this.done.whenComplete((result, failure) -> onDone.accept(this));
    }

    ScheduledPoolTask start() {
        scheduleNext(null);
        return this;
    }

    /**
     * Plan the next run, or end the schedule.
     * @param failure what the last run threw, the outcome of a schedule that ends now
     */
    private synchronized void scheduleNext(@Nullable Throwable failure) {
        if (this.done.isDone()) {
            return;
        }
        Instant next = this.trigger.nextExecution(this.context);
        if (next == null) {
            if (failure != null) {
                this.done.completeExceptionally(failure);
            }
            else {
                this.done.complete(null);
            }
            return;
        }
        this.scheduled = next;
        long delay = Math.max(0L, Duration.between(this.clock.instant(), next).toNanos());
        try {
            this.pending = this.timer.schedule(this::due, delay, TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException ex) {
            // The pool shut its timer down.
            this.done.cancel(false);
        }
    }

    /**
     * On the timer thread: hand the run to the pool.
     */
    private void due() {
        if (this.done.isDone()) {
            return;
        }
        try {
            this.pool.execute(this.run);
        }
        catch (RejectedExecutionException ex) {
            if (this.pool.isShutdown()) {
                this.done.cancel(false);
                return;
            }
            logger.warn("Pool '{}' was full when {} was due; this run is skipped", this.pool.name(), this.task);
            this.context.update(this.scheduled, null, this.clock.instant());
            scheduleNext(null);
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = this.done.cancel(false);
        ScheduledFuture<?> pending = this.pending;
        if (pending != null) {
            pending.cancel(false);
        }
        Thread thread = this.runner;
        if (cancelled && mayInterruptIfRunning && thread != null) {
            thread.interrupt();
        }
        return cancelled;
    }

    @Override
    public boolean isCancelled() {
        return this.done.isCancelled();
    }

    @Override
    public boolean isDone() {
        return this.done.isDone();
    }

    @Override
    public @Nullable Object get() throws InterruptedException, ExecutionException {
        return this.done.get();
    }

    @Override
    public @Nullable Object get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return this.done.get(timeout, unit);
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(Duration.between(this.clock.instant(), this.scheduled));
    }

    @Override
    public int compareTo(Delayed other) {
        return (this == other) ? 0 : Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public String toString() {
        return this.task.toString();
    }

    /**
     * One run, on the pool. What the task throws reaches the pool, which counts and logs
     * it; a repeated task runs again all the same, a one-time task's future fails.
     */
    private final class Run implements Runnable {

        @Override
        public void run() {
            ScheduledPoolTask schedule = ScheduledPoolTask.this;
            if (schedule.done.isDone()) {
                return;
            }
            Instant started = schedule.clock.instant();
            Throwable failure = null;
            schedule.runner = Thread.currentThread();
            try {
                schedule.task.run();
            }
            catch (RuntimeException | Error ex) {
                failure = ex;
                throw ex;
            }
            finally {
                schedule.runner = null;
                schedule.context.update(schedule.scheduled, started, schedule.clock.instant());
                schedule.scheduleNext(failure);
            }
        }

        @Override
        public String toString() {
            return ScheduledPoolTask.this.task.toString();
        }

    }

}
