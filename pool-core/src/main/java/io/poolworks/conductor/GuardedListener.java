package io.poolworks.conductor;

import java.util.List;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to the registered listeners, catching and logging whatever they throw;
 * immutable and thread-safe.
 */
final class GuardedListener {

    private static final Logger logger = LoggerFactory.getLogger(Conductor.class);

    private final String conductor;

    private final List<ConductorListener> listeners;

    GuardedListener(String conductor, List<ConductorListener> listeners) {
        this.conductor = conductor;
        this.listeners = List.copyOf(listeners);
    }

    /** Whether any listener exists; callers build events only when it does. */
    boolean active() {
        return !this.listeners.isEmpty();
    }

    <E> void emit(BiConsumer<ConductorListener, E> callback, E event) {
        for (ConductorListener listener : this.listeners) {
            try {
                callback.accept(listener, event);
            }
            catch (Throwable ex) {
                logger.warn("Listener {} of conductor '{}' failed on {}; ignoring", listener, this.conductor, event,
                        ex);
            }
        }
    }

}
