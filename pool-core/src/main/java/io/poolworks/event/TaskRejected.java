package io.poolworks.event;

import java.util.Objects;

import io.poolworks.RejectionReason;

/**
 * A pool refused a task.
 *
 * @param poolName the pool name
 * @param task the task as it was submitted
 * @param reason why it was refused
 */
public record TaskRejected(String poolName, Runnable task, RejectionReason reason) {

    /**
     * Validate an event.
     * @param poolName the pool name
     * @param task the task as it was submitted
     * @param reason why it was refused
     */
    public TaskRejected {
        Objects.requireNonNull(poolName, "poolName must not be null");
        Objects.requireNonNull(task, "task must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
    }

}
