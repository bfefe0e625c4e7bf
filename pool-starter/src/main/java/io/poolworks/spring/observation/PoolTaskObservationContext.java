package io.poolworks.spring.observation;

import io.micrometer.observation.Observation;
import io.poolworks.RejectionReason;
import org.jspecify.annotations.Nullable;

/**
 * The context of the Observation of one pool task: the pool, the task as it was submitted
 * and, once it ended, its outcome.
 * <p>
 * Not thread-safe: the submitting thread fills it in, and the thread that sees the task
 * end completes it; the pool hands the task over between them.
 */
public class PoolTaskObservationContext extends Observation.Context {

    private final String poolName;

    private final Runnable task;

    private @Nullable String outcome;

    private @Nullable RejectionReason rejectionReason;

    /**
     * Create a context.
     * @param poolName the pool name
     * @param task the task as it was submitted
     */
    public PoolTaskObservationContext(String poolName, Runnable task) {
        this.poolName = poolName;
        this.task = task;
    }

    /**
     * Return the name of the pool.
     * @return the pool name
     */
    public String getPoolName() {
        return this.poolName;
    }

    /**
     * Return the task as it was submitted (for {@code submit}, the pool's future).
     * @return the task
     */
    public Runnable getTask() {
        return this.task;
    }

    /**
     * Return how the task ended: {@code completed}, {@code failed}, {@code cancelled},
     * {@code timed-out}, {@code expired}, {@code rejected} or {@code unstarted}.
     * @return the outcome, or {@code null} while the task has not ended
     */
    public @Nullable String getOutcome() {
        return this.outcome;
    }

    /**
     * Set how the task ended.
     * @param outcome the outcome
     */
    public void setOutcome(@Nullable String outcome) {
        this.outcome = outcome;
    }

    /**
     * Return why the pool refused the task.
     * @return the reason, or {@code null} unless the outcome is {@code rejected}
     */
    public @Nullable RejectionReason getRejectionReason() {
        return this.rejectionReason;
    }

    /**
     * Set why the pool refused the task.
     * @param rejectionReason the reason
     */
    public void setRejectionReason(@Nullable RejectionReason rejectionReason) {
        this.rejectionReason = rejectionReason;
    }

}
