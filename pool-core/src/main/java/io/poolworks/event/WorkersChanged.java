package io.poolworks.event;

import java.util.Objects;

/**
 * A worker started or exited.
 *
 * @param poolName the pool name
 * @param threadName the name of the worker's thread
 * @param started {@code true} when the worker started, {@code false} when it exited
 * @param workers the number of workers after the change
 */
public record WorkersChanged(String poolName, String threadName, boolean started, int workers) {

    /**
     * Validate an event.
     * @param poolName the pool name
     * @param threadName the name of the worker's thread
     * @param started whether the worker started
     * @param workers the number of workers after the change
     */
    public WorkersChanged {
        Objects.requireNonNull(poolName, "poolName must not be null");
        Objects.requireNonNull(threadName, "threadName must not be null");
    }

}
