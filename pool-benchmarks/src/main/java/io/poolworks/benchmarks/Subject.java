package io.poolworks.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * One executor under test, seen through the two operations the benchmarks use. Each JMH
 * fork creates exactly one kind, so calls through this interface stay monomorphic.
 */
interface Subject {

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
     * @throws InterruptedException if interrupted while waiting
     */
    void shutdown() throws InterruptedException;

}
