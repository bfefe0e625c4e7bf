package io.poolworks;

/**
 * What the engine decided about a task offered to it.
 */
enum Admission {

    /** Queued; a worker will take it. */
    ACCEPTED,

    /** Queued, and a worker must be started for it (internal to the engine). */
    NEEDS_WORKER,

    /** Refused: every worker is busy and the queue is full. */
    FULL,

    /** Refused: the pool is shutting down. */
    SHUTTING_DOWN,

    /** Refused: the submitter was interrupted while it waited for room. */
    INTERRUPTED,

    /** Refused: no worker could be started for it and no other worker can take it. */
    WORKER_START_FAILED

}
