package io.poolworks;

import java.util.concurrent.CancellationException;

/**
 * What a running {@link Task} can learn about its own execution.
 * <p>
 * A context is cancelled when the task's future is cancelled or when a shutdown reaches
 * its cancel phase; the running thread is interrupted at the same moment. Implementations
 * are thread-safe.
 */
public interface TaskContext {

    /**
     * Return the name of the pool that runs the task.
     * @return the pool name
     */
    String poolName();

    /**
     * Return whether the task has been cancelled and should stop as soon as it can.
     * @return {@code true} once cancelled; never goes back to {@code false}
     */
    boolean isCancelled();

    /**
     * Throw if the task has been cancelled; a convenient check point in long loops.
     * @throws CancellationException if {@link #isCancelled()}
     */
    default void throwIfCancelled() {
        if (isCancelled()) {
            throw new CancellationException("Task in pool '" + poolName() + "' was cancelled");
        }
    }

}
