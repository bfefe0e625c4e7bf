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
    CANCELLED

}
