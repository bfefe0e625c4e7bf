package io.poolworks.event;

/**
 * How a task ended.
 */
public enum TaskOutcome {

    /**
     * The task returned normally.
     */
    COMPLETED,

    /**
     * The task threw an exception or an error.
     */
    FAILED,

    /**
     * The task was cancelled, by its future or by the cancel phase of a shutdown.
     */
    CANCELLED,

    /**
     * The task ran longer than the pool's task timeout and was cancelled.
     */
    TIMED_OUT,

    /**
     * The task waited in the queue longer than the pool's maximum queue wait and never
     * ran.
     */
    EXPIRED

}
