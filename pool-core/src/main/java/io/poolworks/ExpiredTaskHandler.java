package io.poolworks;

import java.time.Duration;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the tasks a pool dropped because they waited longer than its
 * {@linkplain WorkerPool.Builder#maxQueueWait(Duration) maximum queue wait}.
 * <p>
 * Called in a worker thread; it must be quick. A handler that throws is logged and
 * ignored. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ExpiredTaskHandler {

    /**
     * Handle an expired task.
     * @param poolName the name of the pool that dropped it
     * @param task the task as submitted (for {@code submit}, its pending future)
     * @param waited how long it waited in the queue
     */
    void expired(String poolName, Runnable task, Duration waited);

    /**
     * Return the default handler: a WARN log that names the pool and the task; a future
     * is cancelled so that nobody waits on it forever.
     * @return the logging handler
     */
    static ExpiredTaskHandler logging() {
        return (poolName, task, waited) -> {
            Logger logger = LoggerFactory.getLogger(WorkerPool.class);
            logger.warn("Pool '{}' dropped task {}: it waited {} ms in the queue, longer than maxQueueWait", poolName,
                    task, waited.toMillis());
            if (task instanceof Future<?> future) {
                future.cancel(false);
            }
        };
    }

}
