package io.poolworks.conductor;

/**
 * The state of one worker in a {@link Conductor}, as reported by {@link WorkerStatus} and
 * {@link WorkerOutcome}.
 * <p>
 * Transitions: {@code NEW -> STARTING -> RUNNING}, then one of {@code COMPLETED}
 * (returned by itself), {@code STOPPED} (returned after a stop), {@code FAILED} (threw,
 * and its policy is not to restart it or its restart budget is spent) or
 * {@code BACKING_OFF -> STARTING} (a restart). {@code COMPLETED}, {@code STOPPED} and
 * {@code FAILED} are final for a run of the conductor. Enum constants are immutable and
 * thread-safe.
 */
public enum WorkerState {

    /**
     * The conductor has not started this worker yet.
     */
    NEW,

    /**
     * The worker's thread is being started, or restarted after a backoff, and has not
     * entered {@link Worker#run(WorkerContext)} yet.
     */
    STARTING,

    /**
     * The worker is inside {@link Worker#run(WorkerContext)}. A worker still in this
     * state after a stop is a straggler.
     */
    RUNNING,

    /**
     * The worker failed and waits for its restart delay to pass.
     */
    BACKING_OFF,

    /**
     * The worker returned normally while the conductor was running.
     */
    COMPLETED,

    /**
     * The worker failed and stays stopped: its policy was to stop all or to ignore the
     * failure, or its restart budget was spent.
     */
    FAILED,

    /**
     * The worker ended because the conductor asked it to stop.
     */
    STOPPED;

    /**
     * Returns whether this state is final for the current run of the conductor.
     * @return {@code true} for {@link #COMPLETED}, {@link #FAILED} and {@link #STOPPED}
     */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }

}
