package io.poolworks.event;

import org.jspecify.annotations.Nullable;

/**
 * Receives a pool's events; every method does nothing by default.
 * <p>
 * Methods are called synchronously in the thread where the event happens (a worker, or
 * the submitting thread for rejections), so they must be quick and thread-safe. A
 * listener that throws is logged and ignored. <pre>{@code
 * WorkerPool pool = WorkerPool.builder("emails")
 *         .listener(new PoolListener() {
 *             public void taskFinished(TaskFinished event) {
 *                 timer.record(event.runNanos(), TimeUnit.NANOSECONDS);
 *             }
 *         })
 *         .build();
 * }</pre>
 */
public interface PoolListener {

    /**
     * Called after a task finished, whatever its outcome.
     * @param event the event
     */
    default void taskFinished(TaskFinished event) {
    }

    /**
     * Called after a task finished, with the event's parts as arguments, so that a
     * listener on the hot path (a timer, a counter) allocates nothing per task. The pool
     * calls this method; by default it builds a {@link TaskFinished} and calls
     * {@link #taskFinished(TaskFinished)}. Override one of the two, not both.
     * @param poolName the pool name
     * @param task the task as it was submitted
     * @param outcome how it ended
     * @param queueWaitNanos how long it waited in the queue, in nanoseconds
     * @param runNanos how long it ran, in nanoseconds ({@code 0} if it never ran)
     * @param failure what it threw, for {@link TaskOutcome#FAILED}, else {@code null}
     */
    default void taskFinished(String poolName, Runnable task, TaskOutcome outcome, long queueWaitNanos, long runNanos,
            @Nullable Throwable failure) {
        taskFinished(new TaskFinished(poolName, task, outcome, queueWaitNanos, runNanos, failure));
    }

    /**
     * Called when a task is refused, including when {@code tryExecute} returns
     * {@code false}.
     * @param event the event
     */
    default void taskRejected(TaskRejected event) {
    }

    /**
     * Called when a worker starts or exits.
     * @param event the event
     */
    default void workersChanged(WorkersChanged event) {
    }

    /**
     * Called when the pool changes its life-cycle state.
     * @param event the event
     */
    default void stateChanged(PoolStateChanged event) {
    }

}
