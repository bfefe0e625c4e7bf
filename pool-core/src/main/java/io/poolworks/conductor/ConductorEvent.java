package io.poolworks.conductor;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An event in the life of a worker of a {@link Conductor}, delivered to a
 * {@link ConductorListener}.
 * <p>
 * Events are built only when a listener is registered. All events are immutable records
 * and thread-safe.
 */
public sealed interface ConductorEvent permits ConductorEvent.WorkerStarted, ConductorEvent.WorkerStopped,
        ConductorEvent.WorkerFailed, ConductorEvent.WorkerRestarting {

    /**
     * Returns the conductor's name.
     * @return the name
     */
    String conductor();

    /**
     * Returns the worker's name.
     * @return the name
     */
    String worker();

    /**
     * Returns when the event happened.
     * @return the instant
     */
    Instant at();

    /**
     * A worker entered {@link Worker#run(WorkerContext)}.
     *
     * @param conductor the conductor's name
     * @param worker the worker's name
     * @param restarts how many times the worker was restarted before this run; 0 for the
     * first run
     * @param at when the run began
     */
    record WorkerStarted(String conductor, String worker, int restarts, Instant at) implements ConductorEvent {

        /**
         * Validates the components.
         * @param conductor the conductor's name
         * @param worker the worker's name
         * @param restarts how many times the worker was restarted before this run; 0 for
         * the first run
         * @param at when the run began
         * @throws NullPointerException if a reference component is {@code null}
         */
        public WorkerStarted {
            Objects.requireNonNull(conductor, "conductor must not be null");
            Objects.requireNonNull(worker, "worker must not be null");
            Objects.requireNonNull(at, "at must not be null");
        }

    }

    /**
     * A worker ended without a failure that its policy handles: it returned by itself
     * ({@link WorkerState#COMPLETED}) or was stopped ({@link WorkerState#STOPPED}).
     *
     * @param conductor the conductor's name
     * @param worker the worker's name
     * @param state {@code COMPLETED} or {@code STOPPED}
     * @param at when it ended
     */
    record WorkerStopped(String conductor, String worker, WorkerState state, Instant at) implements ConductorEvent {

        /**
         * Validates the components.
         * @param conductor the conductor's name
         * @param worker the worker's name
         * @param state {@code COMPLETED} or {@code STOPPED}
         * @param at when it ended
         * @throws NullPointerException if a component is {@code null}
         */
        public WorkerStopped {
            Objects.requireNonNull(conductor, "conductor must not be null");
            Objects.requireNonNull(worker, "worker must not be null");
            Objects.requireNonNull(state, "state must not be null");
            Objects.requireNonNull(at, "at must not be null");
        }

    }

    /**
     * A worker threw while the conductor was running; {@code policy} decides what
     * follows.
     *
     * @param conductor the conductor's name
     * @param worker the worker's name
     * @param cause the failure
     * @param policy the worker's policy
     * @param escalated whether the failure stops the conductor: the policy is stop-all,
     * or it is restart and the budget is spent
     * @param at when the failure was seen
     */
    record WorkerFailed(String conductor, String worker, Throwable cause, FailurePolicy policy, boolean escalated,
            Instant at) implements ConductorEvent {

        /**
         * Validates the components.
         * @param conductor the conductor's name
         * @param worker the worker's name
         * @param cause the failure
         * @param policy the worker's policy
         * @param escalated whether the failure stops the conductor: the policy is
         * stop-all, or it is restart and the budget is spent
         * @param at when the failure was seen
         * @throws NullPointerException if a reference component is {@code null}
         */
        public WorkerFailed {
            Objects.requireNonNull(conductor, "conductor must not be null");
            Objects.requireNonNull(worker, "worker must not be null");
            Objects.requireNonNull(cause, "cause must not be null");
            Objects.requireNonNull(policy, "policy must not be null");
            Objects.requireNonNull(at, "at must not be null");
        }

    }

    /**
     * A failed worker will be restarted after {@code delay}.
     *
     * @param conductor the conductor's name
     * @param worker the worker's name
     * @param restart the number of this restart, from 1
     * @param delay the backoff delay before the restart
     * @param cause the failure that caused the restart
     * @param at when the restart was scheduled
     */
    record WorkerRestarting(String conductor, String worker, int restart, Duration delay, Throwable cause,
            Instant at) implements ConductorEvent {

        /**
         * Validates the components.
         * @param conductor the conductor's name
         * @param worker the worker's name
         * @param restart the number of this restart, from 1
         * @param delay the backoff delay before the restart
         * @param cause the failure that caused the restart
         * @param at when the restart was scheduled
         * @throws NullPointerException if a reference component is {@code null}
         */
        public WorkerRestarting {
            Objects.requireNonNull(conductor, "conductor must not be null");
            Objects.requireNonNull(worker, "worker must not be null");
            Objects.requireNonNull(delay, "delay must not be null");
            Objects.requireNonNull(cause, "cause must not be null");
            Objects.requireNonNull(at, "at must not be null");
        }

    }

}
