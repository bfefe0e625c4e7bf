package io.poolworks.event;

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
