package io.poolworks.conductor;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one worker of a {@link Conductor}, as returned by
 * {@link Conductor#status()}.
 * <p>
 * Instances are immutable and thread-safe (the {@code lastError} they hold is shared, not
 * copied).
 *
 * @param name the worker's name
 * @param state the worker's state when the snapshot was taken
 * @param restarts how many times the worker was restarted in the current run of the
 * conductor; never negative
 * @param lastError the last failure of the worker in the current run, or {@code null} if
 * it has not failed
 * @param since when the worker entered {@code state}
 */
public record WorkerStatus(String name, WorkerState state, int restarts, @Nullable Throwable lastError, Instant since) {

    /**
     * Validates the components.
     * @param name the worker's name
     * @param state the worker's state when the snapshot was taken
     * @param restarts how many times the worker was restarted in the current run of the
     * conductor; never negative
     * @param lastError the last failure of the worker in the current run, or {@code null}
     * if it has not failed
     * @param since when the worker entered {@code state}
     * @throws NullPointerException if {@code name}, {@code state} or {@code since} is
     * {@code null}
     * @throws IllegalArgumentException if {@code restarts} is negative
     */
    public WorkerStatus {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(since, "since must not be null");
        if (restarts < 0) {
            throw new IllegalArgumentException(
                    "restarts must be >= 0 but was " + restarts + " for worker '" + name + "'");
        }
    }

}
