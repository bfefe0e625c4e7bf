package io.poolworks.conductor;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How one worker ended when its {@link Conductor} stopped; part of a
 * {@link ConductorReport}.
 * <p>
 * Instances are immutable and thread-safe (the {@code lastError} they hold is shared, not
 * copied).
 *
 * @param name the worker's name
 * @param state the worker's state when the report was made; a straggler is still
 * {@link WorkerState#RUNNING}
 * @param stoppedInTime whether the worker had ended when the shutdown timeout ran out
 * @param restarts how many times the worker was restarted; never negative
 * @param failures how many times the worker failed, including failures after the stop
 * began; never negative
 * @param lastError the last failure, or {@code null} if the worker never failed
 */
public record WorkerOutcome(String name, WorkerState state, boolean stoppedInTime, int restarts, int failures,
        @Nullable Throwable lastError) {

    /**
     * Validates the components.
     * @param name the worker's name
     * @param state the worker's state when the report was made; a straggler is still
     * {@link WorkerState#RUNNING}
     * @param stoppedInTime whether the worker had ended when the shutdown timeout ran out
     * @param restarts how many times the worker was restarted; never negative
     * @param failures how many times the worker failed, including failures after the stop
     * began; never negative
     * @param lastError the last failure, or {@code null} if the worker never failed
     * @throws NullPointerException if {@code name} or {@code state} is {@code null}
     * @throws IllegalArgumentException if {@code restarts} or {@code failures} is
     * negative
     */
    public WorkerOutcome {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(state, "state must not be null");
        if (restarts < 0 || failures < 0) {
            throw new IllegalArgumentException("restarts and failures must be >= 0 but were " + restarts + " and "
                    + failures + " for worker '" + name + "'");
        }
    }

}
