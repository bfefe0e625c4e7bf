package io.poolworks.spring;

import io.poolworks.ShutdownReport;

/**
 * Receives the tasks a pool accepted but never started, when the application shuts down
 * and the drain timeout runs out. Every {@code UnfinishedTaskHandler} bean is called, in
 * {@link org.springframework.core.annotation.Order}; without one, the starter logs them
 * at WARN ({@link #logging()}).
 * <p>
 * This is the last place an accepted task is seen: persist it, re-publish it, or at least
 * record it. Handlers run on the shutdown thread of the pool, once per pool whose report
 * has unstarted tasks; a handler that throws is logged and the next one still runs.
 */
@FunctionalInterface
public interface UnfinishedTaskHandler {

    /**
     * Handle the tasks the pool handed back.
     * @param report the pool's shutdown report; {@link ShutdownReport#unstarted()} is not
     * empty
     */
    void handle(ShutdownReport report);

    /**
     * Return the default handler: one WARN line per pool, on logger
     * {@code io.poolworks.spring.UnfinishedTaskHandler}, naming the pool and listing
     * every unstarted task by its {@code toString()}.
     * @return the logging handler
     */
    static UnfinishedTaskHandler logging() {
        return LoggingUnfinishedTaskHandler.INSTANCE;
    }

}
