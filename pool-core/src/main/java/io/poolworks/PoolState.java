package io.poolworks;

/**
 * The life-cycle state of a {@link WorkerPool}, as reported by {@link PoolStats#state()}.
 * <p>
 * A pool moves RUNNING ⇄ PAUSED, then to DRAINING when a shutdown starts, then to
 * TERMINATED once its queue is empty and every worker has exited. It never moves back.
 */
public enum PoolState {

    /**
     * Accepting tasks and running them.
     */
    RUNNING,

    /**
     * Accepting tasks into the queue, but starting none until
     * {@link PoolTuning#resume()}.
     */
    PAUSED,

    /**
     * Shutting down: new tasks are rejected, queued tasks still run until the drain ends.
     */
    DRAINING,

    /**
     * Shut down: no task is queued or running and every worker has exited.
     */
    TERMINATED

}
