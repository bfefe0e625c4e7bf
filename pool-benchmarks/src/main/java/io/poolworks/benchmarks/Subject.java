package io.poolworks.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * One executor under test, seen through the two operations the benchmarks use. Each JMH
 * fork creates exactly one kind, so calls through this interface stay monomorphic.
 */
interface Subject extends AutoCloseable {

    /**
     * Hand a task to the executor; never rejects in the benchmarks' set-ups.
     * @param task the task
     */
    void execute(Runnable task);

    /**
     * Submit a task with a result.
     * @param <T> the result type
     * @param task the task
     * @return the future of the result
     */
    <T> Future<T> submit(Callable<T> task);

    /**
     * Shut the executor down and wait for its workers to exit.
     * @throws Exception if interrupted while waiting, or if the executor fails to stop
     */
    void shutdown() throws Exception;

    /**
     * Return how many tasks finished by the executor's own accounting (its listener, its
     * timer or its completed-task count); read after {@link #shutdown()}.
     * @return the count, or {@code -1} if the executor keeps none
     */
    default long finishedTasks() {
        return -1;
    }

    /**
     * Release what the executor needed besides itself (a meter registry, a Spring
     * context); called after {@link #shutdown()} and the checks.
     * @throws Exception if that fails
     */
    @Override
    default void close() throws Exception {
    }

}
