package io.poolworks;

import java.util.List;
import java.util.function.BiConsumer;

import io.poolworks.event.PoolListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a pool's listeners in order, each guarded so that a throwing one is logged and
 * the others still run.
 */
final class Listeners {

    private static final Logger logger = LoggerFactory.getLogger(Listeners.class);

    private final String pool;

    private final List<PoolListener> listeners;

    Listeners(String pool, List<PoolListener> listeners) {
        this.pool = pool;
        this.listeners = listeners;
    }

    <E> void publish(BiConsumer<PoolListener, E> method, E event) {
        for (PoolListener listener : this.listeners) {
            try {
                method.accept(listener, event);
            }
            catch (Throwable ex) {
                logger.warn("Listener {} of pool '{}' failed on {}", listener, this.pool, event, ex);
            }
        }
    }

}
