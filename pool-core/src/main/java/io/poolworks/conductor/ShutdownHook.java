package io.poolworks.conductor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM shutdown hook of {@link Conductor#runUntilShutdown()}: on SIGTERM or SIGINT it
 * stops the run and keeps the JVM alive until the workers stopped (or the shutdown
 * timeout ran out). Registered only for the duration of the call.
 */
final class ShutdownHook {

    private static final Logger logger = LoggerFactory.getLogger(Conductor.class);

    private final @Nullable Thread thread;

    private ShutdownHook(@Nullable Thread thread) {
        this.thread = thread;
    }

    /**
     * Register a hook that stops the run; if the JVM already shuts down, nobody would run
     * it, so stop the run at once instead.
     */
    static ShutdownHook register(String conductor, ConductorRun target) {
        Thread thread = new Thread(() -> {
            logger.info("Conductor '{}' received a shutdown signal", conductor);
            target.stop();
        }, conductor + "/shutdown-hook");
        try {
            Runtime.getRuntime().addShutdownHook(thread);
            return new ShutdownHook(thread);
        }
        catch (IllegalStateException ex) {
            logger.info("Conductor '{}' started while the JVM shuts down; stopping it", conductor);
            target.stop();
            return new ShutdownHook(null);
        }
    }

    void remove() {
        if (this.thread == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(this.thread);
        }
        catch (IllegalStateException ex) {
            // The JVM is shutting down: the hook is running or has run; the run has
            // terminated.
        }
    }

}
