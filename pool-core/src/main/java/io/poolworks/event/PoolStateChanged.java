package io.poolworks.event;

import java.util.Objects;

import io.poolworks.PoolState;

/**
 * A pool moved from one life-cycle state to another.
 *
 * @param poolName the pool name
 * @param from the previous state
 * @param to the new state
 */
public record PoolStateChanged(String poolName, PoolState from, PoolState to) {

    /**
     * Validate an event.
     * @param poolName the pool name
     * @param from the previous state
     * @param to the new state
     */
    public PoolStateChanged {
        Objects.requireNonNull(poolName, "poolName must not be null");
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(to, "to must not be null");
    }

}
