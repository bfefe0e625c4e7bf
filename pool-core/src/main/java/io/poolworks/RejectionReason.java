package io.poolworks;

/**
 * Why a pool refused a task.
 *
 * @see RejectedTaskException#reason()
 */
public enum RejectionReason {

    /**
     * Every worker was busy, no more workers could start and the queue was full (for
     * {@link SaturationPolicy#BLOCK}: still full when the block timeout ran out).
     */
    QUEUE_FULL,

    /**
     * The pool was shutting down or terminated.
     */
    SHUTTING_DOWN,

    /**
     * The thread factory failed to create a worker and no other worker could take the
     * task.
     */
    WORKER_START_FAILED,

    /**
     * The submitting thread was interrupted while it waited for room.
     */
    INTERRUPTED

}
