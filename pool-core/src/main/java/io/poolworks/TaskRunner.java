package io.poolworks;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.poolworks.event.PoolListener;
import io.poolworks.event.TaskOutcome;
import io.poolworks.spi.GuardedCalls;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task outside the pool's lock and counts how it ended: the timeout watch, the
 * outcome (through the {@link RunSlot} protocol), the counters of finished tasks and the
 * {@code taskFinished} event. Owns those counters; the engine reads their sums.
 */
final class TaskRunner {

    private static final Logger logger = LoggerFactory.getLogger(WorkerPool.class);

    private final String pool;

    private final Ticker ticker;

    private final @Nullable GuardedCalls<PoolListener> listeners;

    private final @Nullable TaskTimeouts timeouts;

    private final ExpiredTaskHandler expiredTaskHandler;

    /** The adaptive limit the run times are sampled for, or {@code null}. */
    private final @Nullable AdaptiveLimiter adaptive;

    /** Whether runs need a start time: for events, the timeout watch or the limit. */
    private final boolean timed;

    /** Whether tasks carry the time they were queued. */
    private final boolean stamped;

    TaskRunner(PoolConfig config, @Nullable GuardedCalls<PoolListener> listeners, boolean stamped,
            @Nullable AdaptiveLimiter adaptive) {
        this.pool = config.name();
        this.ticker = config.ticker();
        this.listeners = listeners;
        this.timeouts = (config.taskTimeoutNanos() > 0L)
                ? new TaskTimeouts(config.name(), config.taskTimeoutNanos(), config.ticker()) : null;
        this.expiredTaskHandler = config.expiredTaskHandler();
        this.adaptive = adaptive;
        this.timed = listeners != null || this.timeouts != null || adaptive != null;
        this.stamped = stamped;
    }

    void watch(RunSlot slot) {
        if (this.timeouts != null) {
            this.timeouts.register(slot);
        }
    }

    void unwatch(RunSlot slot) {
        if (this.timeouts != null) {
            this.timeouts.unregister(slot);
        }
    }

    void close() {
        if (this.timeouts != null) {
            this.timeouts.close();
        }
    }

    /**
     * Run the task in the slot and count its outcome.
     * @param slot the slot holding the task
     * @param worker whether a worker runs it (its stray interrupts are cleared); else a
     * caller, whose own interrupt status is kept
     * @param clock the end of the task this thread ran just before, or
     * {@code Long.MIN_VALUE} if the thread waited since: one clock read then serves as
     * the end of one task and the start of the next
     * @return the end of this task, or {@code Long.MIN_VALUE} if it was not read
     */
    long run(RunSlot slot, boolean worker, long clock) {
        Runnable submitted = slot.submitted;
        if (slot.expired) {
            expire(slot, submitted);
            return Long.MIN_VALUE;
        }
        long start = 0L;
        if (this.timed) {
            start = (clock == Long.MIN_VALUE) ? this.ticker.read()
                    : (this.stamped) ? Math.max(clock, slot.queuedAt) : clock;
        }
        boolean callerInterrupted = !worker && Thread.currentThread().isInterrupted();
        slot.begin(start);
        if (this.timeouts != null) {
            this.timeouts.started();
        }
        Throwable failure = null;
        boolean thrownByTask = false;
        try {
            slot.run.run();
        }
        catch (Throwable ex) {
            failure = ex;
            thrownByTask = true;
        }
        int status = slot.complete();
        if (worker || (status != RunSlot.DONE && !callerInterrupted)) {
            // The interrupt of a cancel or timeout belongs to the run that just ended.
            Thread.interrupted();
        }
        TaskOutcome outcome;
        PoolFuture<?> future = slot.future;
        if (status != RunSlot.DONE) {
            outcome = (status == RunSlot.TIMED_OUT) ? TaskOutcome.TIMED_OUT : TaskOutcome.CANCELLED;
        }
        else if (future == null) {
            if (failure == null && submitted instanceof Future<?> own) {
                // A future given to execute: it caught what the task threw.
                failure = failureOf(own);
                thrownByTask = false;
            }
            outcome = (failure == null && submitted instanceof Future<?> own && own.isCancelled())
                    ? TaskOutcome.CANCELLED : (failure != null) ? TaskOutcome.FAILED : TaskOutcome.COMPLETED;
        }
        else if (future.isCancelled()) {
            outcome = TaskOutcome.CANCELLED;
        }
        else if (!future.isDone()) {
            // A decorator threw before it ran the task, or returned without running it.
            failure = (failure != null) ? failure : new IllegalStateException(
                    "The task decorator of pool '" + this.pool + "' returned without running " + submitted);
            future.failUnrun(failure);
            logger.warn("Task {} in pool '{}' never ran: its decorator failed", submitted, this.pool, failure);
            outcome = TaskOutcome.FAILED;
        }
        else {
            failure = (future.failure() != null) ? future.failure() : failure;
            outcome = (failure != null) ? TaskOutcome.FAILED : TaskOutcome.COMPLETED;
        }
        slot.outcomes.count(outcome);
        // A future's failure belongs to whoever holds the future: not logged.
        if (outcome == TaskOutcome.FAILED && future == null && thrownByTask) {
            logger.error("Task {} in pool '{}' failed", submitted, this.pool, failure);
        }
        long end = Long.MIN_VALUE;
        if (this.adaptive != null && slot.inflight > 0) {
            end = this.ticker.read();
            sample(this.adaptive, outcome, failure, start, end, slot.inflight);
        }
        GuardedCalls<PoolListener> listeners = this.listeners;
        if (listeners != null) {
            end = (end != Long.MIN_VALUE) ? end : this.ticker.read();
            long queueWait = (this.stamped) ? Math.max(0L, start - slot.queuedAt) : 0L;
            Throwable thrown = (outcome == TaskOutcome.FAILED) ? failure : null;
            for (PoolListener listener : listeners.targets()) {
                try {
                    listener.taskFinished(this.pool, submitted, outcome, queueWait, end - start, thrown);
                }
                catch (Throwable ex) {
                    listeners.failed(listener, submitted, ex);
                }
            }
        }
        slot.clear();
        return end;
    }

    /**
     * Give the adaptive limit the sample of a task that ran under it: a completed task's
     * run time, or a drop for a task that timed out or reported overload; other outcomes
     * say nothing about the downstream's load.
     */
    private static void sample(AdaptiveLimiter adaptive, TaskOutcome outcome, @Nullable Throwable failure, long start,
            long end, int inflight) {
        boolean drop = outcome == TaskOutcome.TIMED_OUT
                || (outcome == TaskOutcome.FAILED && OverloadedException.marks(failure));
        if (drop || outcome == TaskOutcome.COMPLETED) {
            adaptive.sample(start, end - start, inflight, drop);
        }
    }

    /**
     * A task past its maximum queue wait: hand it to the handler, then make sure its
     * future completes whatever the handler did.
     */
    private void expire(RunSlot slot, Runnable submitted) {
        slot.outcomes.count(TaskOutcome.EXPIRED);
        long waited = Math.max(0L, this.ticker.read() - slot.queuedAt);
        try {
            this.expiredTaskHandler.expired(this.pool, submitted, Duration.ofNanos(waited));
        }
        catch (Throwable ex) {
            logger.warn("Expired-task handler of pool '{}' failed on {}", this.pool, submitted, ex);
        }
        abandon(submitted, slot.future);
        GuardedCalls<PoolListener> listeners = this.listeners;
        if (listeners != null) {
            listeners.call(
                    (listener, task) -> listener.taskFinished(this.pool, task, TaskOutcome.EXPIRED, waited, 0L, null),
                    submitted);
        }
        slot.clear();
    }

    /**
     * The failure of a plain task that is itself a future (a {@code FutureTask} or a
     * {@code CompletableFuture} task given to {@code execute}): its run caught what the
     * task threw, so the future is the only witness.
     */
    private static @Nullable Throwable failureOf(Future<?> future) {
        if (!future.isDone() || future.isCancelled()) {
            return null;
        }
        try {
            future.get();
            return null;
        }
        catch (ExecutionException ex) {
            return (ex.getCause() != null) ? ex.getCause() : ex;
        }
        catch (CancellationException ex) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * A queued future was cancelled and left the queue: count it and tell the listeners.
     */
    void cancelledInQueue(Runnable submitted, long queuedAt) {
        GuardedCalls<PoolListener> listeners = this.listeners;
        if (listeners != null) {
            long waited = (this.stamped) ? Math.max(0L, this.ticker.read() - queuedAt) : 0L;
            listeners.call(
                    (listener, task) -> listener.taskFinished(this.pool, task, TaskOutcome.CANCELLED, waited, 0L, null),
                    submitted);
        }
    }

    /**
     * Complete the futures of a task that will never run: the pool's own and a wrapper
     * queued in its place (an {@code ExecutorCompletionService} hears of it that way).
     */
    static void abandon(Runnable submitted, @Nullable PoolFuture<?> future) {
        if (future != null) {
            future.cancelUnrun();
        }
        if (submitted != future && submitted instanceof Future<?> wrapper) {
            wrapper.cancel(false);
        }
    }

}
