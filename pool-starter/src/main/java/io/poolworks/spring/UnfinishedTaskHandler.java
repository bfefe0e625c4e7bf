package io.poolworks.spring;

import io.poolworks.ShutdownReport;

/**
 * Receives the tasks a pool accepted but never started, when the application shuts down
 * and the drain timeout runs out. Every {@code UnfinishedTaskHandler} bean is called, in
 * {@link org.springframework.core.annotation.Order}, once per pool whose report has
 * unstarted tasks; each task reaches each handler exactly once, whether the pools drain
 * when the context closes or when their beans are destroyed. Without a handler, the line
 * the starter logs for each pool that did not drain cleanly names them.
 * <p>
 * This is the last place an accepted task is seen: persist it, re-publish it, or at least
 * record it. A task an {@code @Async} method submitted is named {@code bean#method}. The
 * entries of a Redis stream ({@code poolworks.streams}) are not handed to handlers: they
 * are not lost, they stay pending in Redis for another instance or the next start, and a
 * handler that saved them would run them twice. A report with nothing else unstarted
 * reaches no handler. After every handler ran, the starter cancels the tasks that are
 * futures and did not complete (the futures of {@code submit} and of {@code @Async}
 * methods), so that callers waiting on them wake up with a
 * {@link java.util.concurrent.CancellationException}: a handler that wants such a task to
 * run must run it before it returns. Handlers run on the shutdown thread of the pool; a
 * handler that throws is logged and the next one still runs.
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
     * Return a handler that logs one WARN line per pool, on logger
     * {@code io.poolworks.spring.UnfinishedTaskHandler}, naming the pool and listing
     * every unstarted task by its {@code toString()}.
     * @return the logging handler
     */
    static UnfinishedTaskHandler logging() {
        return LoggingUnfinishedTaskHandler.INSTANCE;
    }

}
