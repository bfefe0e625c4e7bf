package io.poolworks.conductor;

import java.util.Objects;

/**
 * Ends a {@link Conductor} whose worker failed under the {@link FailurePolicy#stopAll()
 * stop-all} policy, directly or because its restart budget was spent.
 * <p>
 * The message names the conductor and the worker; {@link #getCause()} is the worker's
 * failure. Thrown by {@link Conductor#runUntilShutdown()} and by
 * {@link Conductor#run(WorkerContext)} (so a parent conductor sees a nested one fail) and
 * held by {@link ConductorReport#failure()}. Instances are immutable once thrown and safe
 * to share between threads.
 */
public class ConductorException extends RuntimeException {

    /** The version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** The name of the conductor that ended. */
    private final String conductor;

    /** The name of the worker whose failure ended the conductor. */
    private final String worker;

    /**
     * Creates an exception for a failed worker.
     * @param conductor the conductor's name
     * @param worker the failing worker's name
     * @param reason why the failure ended the conductor, such as {@code "failed"} or
     * {@code "failed after spending its restart budget"}
     * @param cause the worker's failure
     * @throws NullPointerException if an argument is {@code null}
     */
    public ConductorException(String conductor, String worker, String reason, Throwable cause) {
        super("Worker '" + worker + "' of conductor '" + conductor + "' " + reason + ": " + cause,
                Objects.requireNonNull(cause, "cause must not be null"));
        this.conductor = Objects.requireNonNull(conductor, "conductor must not be null");
        this.worker = Objects.requireNonNull(worker, "worker must not be null");
    }

    /**
     * Returns the name of the conductor that ended.
     * @return the conductor's name
     */
    public String conductor() {
        return this.conductor;
    }

    /**
     * Returns the name of the worker whose failure ended the conductor.
     * @return the worker's name
     */
    public String worker() {
        return this.worker;
    }

}
