package io.poolworks;

import java.util.function.Supplier;

import io.poolworks.event.PoolListener;
import io.poolworks.event.PoolStateChanged;
import io.poolworks.spi.GuardedCalls;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a pool's state changes in order.
 * <p>
 * State changes happen under the engine's lock but are published outside it, from
 * whichever thread made them. Publishing every change since the last one published keeps
 * listeners seeing RUNNING → DRAINING → TERMINATED in that order even when a worker's
 * exit overtakes the shutdown call. A pause undone before it was published is not
 * reported.
 */
final class StateEvents {

    private static final Logger logger = LoggerFactory.getLogger(WorkerPool.class);

    private final String pool;

    private final @Nullable GuardedCalls<PoolListener> listeners;

    private final Supplier<PoolState> current;

    private PoolState published = PoolState.RUNNING;

    StateEvents(String pool, @Nullable GuardedCalls<PoolListener> listeners, Supplier<PoolState> current) {
        this.pool = pool;
        this.listeners = listeners;
        this.current = current;
    }

    synchronized void publishChanges() {
        PoolState now = this.current.get();
        PoolState from = this.published;
        if (now == from) {
            return;
        }
        if (from.compareTo(PoolState.DRAINING) < 0 && now.compareTo(PoolState.DRAINING) > 0) {
            publish(from, PoolState.DRAINING);
            from = PoolState.DRAINING;
        }
        publish(from, now);
        this.published = now;
    }

    private void publish(PoolState from, PoolState to) {
        logger.debug("Pool '{}' is {}", this.pool, to);
        if (this.listeners != null) {
            this.listeners.call(PoolListener::stateChanged, new PoolStateChanged(this.pool, from, to));
        }
    }

}
