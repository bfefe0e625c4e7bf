package io.poolworks.event;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A task left a worker (or the caller, under caller-runs).
 *
 * @param poolName the pool name
 * @param task the task as it was submitted
 * @param outcome how it ended
 * @param queueWaitNanos how long it waited in the queue, in nanoseconds
 * @param runNanos how long it ran, in nanoseconds
 * @param failure what it threw, for {@link TaskOutcome#FAILED}
 */
public record TaskFinished(String poolName, Runnable task, TaskOutcome outcome, long queueWaitNanos, long runNanos,
        @Nullable Throwable failure) {

    /**
     * Validate an event.
     * @param poolName the pool name
     * @param task the task as it was submitted
     * @param outcome how it ended
     * @param queueWaitNanos how long it waited in the queue, in nanoseconds
     * @param runNanos how long it ran, in nanoseconds
     * @param failure what it threw, or {@code null}
     */
    public TaskFinished {
        Objects.requireNonNull(poolName, "poolName must not be null");
        Objects.requireNonNull(task, "task must not be null");
        Objects.requireNonNull(outcome, "outcome must not be null");
    }

    /**
     * Return how long the task waited in the queue.
     * @return the queue wait
     */
    public Duration queueWait() {
        return Duration.ofNanos(this.queueWaitNanos);
    }

    /**
     * Return how long the task ran.
     * @return the run time
     */
    public Duration runTime() {
        return Duration.ofNanos(this.runNanos);
    }

}
