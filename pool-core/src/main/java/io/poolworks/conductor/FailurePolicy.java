package io.poolworks.conductor;

import java.util.Objects;

/**
 * What a {@link Conductor} does when a worker's {@link Worker#run(WorkerContext)} throws
 * while the conductor is running.
 * <p>
 * Three policies exist, each a record so that callers (an Actuator endpoint, for example)
 * can describe them:
 * <ul>
 * <li>{@link #stopAll()}: the worker is {@link WorkerState#FAILED failed}, every other
 * worker is stopped and waited for within the shutdown timeout, and the conductor ends
 * with a {@link ConductorException} naming the worker and carrying its cause. This is the
 * default.</li>
 * <li>{@link #restart(Backoff)}: the worker is run again after a delay; when its restart
 * budget is spent the failure escalates to stop-all.</li>
 * <li>{@link #ignore()}: the failure is logged, the worker stays failed, the others go
 * on.</li>
 * </ul>
 * A failure that happens after the conductor started stopping is recorded in the report
 * but no policy applies. Instances are immutable and thread-safe.
 */
public sealed interface FailurePolicy permits FailurePolicy.StopAll, FailurePolicy.Restart, FailurePolicy.Ignore {

    /**
     * Returns the policy that stops every worker and ends the conductor with a failure.
     * @return the stop-all policy
     */
    static FailurePolicy stopAll() {
        return StopAll.INSTANCE;
    }

    /**
     * Returns the policy that restarts the worker with the given backoff and escalates to
     * stop-all when the restart budget is spent.
     * @param backoff the delays and the budget
     * @return the restart policy
     * @throws NullPointerException if {@code backoff} is {@code null}
     */
    static FailurePolicy restart(Backoff backoff) {
        return new Restart(backoff);
    }

    /**
     * Returns the policy that logs the failure and leaves the worker stopped.
     * @return the ignore policy
     */
    static FailurePolicy ignore() {
        return Ignore.INSTANCE;
    }

    /**
     * The stop-all policy; see {@link FailurePolicy#stopAll()}.
     */
    record StopAll() implements FailurePolicy {

        static final StopAll INSTANCE = new StopAll();

    }

    /**
     * The restart policy; see {@link FailurePolicy#restart(Backoff)}.
     *
     * @param backoff the delays and the restart budget; never {@code null}
     */
    record Restart(Backoff backoff) implements FailurePolicy {

        /**
         * Validates the backoff.
         * @param backoff the delays and the restart budget; never {@code null}
         * @throws NullPointerException if {@code backoff} is {@code null}
         */
        public Restart {
            Objects.requireNonNull(backoff, "backoff must not be null");
        }

    }

    /**
     * The ignore policy; see {@link FailurePolicy#ignore()}.
     */
    record Ignore() implements FailurePolicy {

        static final Ignore INSTANCE = new Ignore();

    }

}
