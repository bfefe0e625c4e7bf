package io.poolworks.spring.observation;

import java.util.concurrent.Future;

import io.micrometer.observation.Observation;
import io.poolworks.RejectionReason;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task with its Observation, started when the task was submitted: the wrapper a
 * worker runs in the task's place, which announces the start and keeps the Observation in
 * scope while the task runs.
 * <p>
 * Whoever takes it out of its {@link ObservedPool}'s pending tasks (this wrapper when it
 * starts, or the listener for a task that never ran) owns it, and only its owner stops
 * the Observation, so it is stopped exactly once.
 */
final class ObservedTask implements Runnable {

    static final String STARTED = "started";

    private static final Logger logger = LoggerFactory.getLogger(ObservedTask.class);

    private static final Observation.Event STARTED_EVENT = Observation.Event.of(STARTED);

    final Runnable task;

    /** The task as the key of the pending tasks. */
    final ObservedPool.Identity identity;

    private final Observation observation;

    private final PoolTaskObservationContext context;

    private final ObservedPool pool;

    // Its place among the pending tasks of the same identity; guarded by the pending map.

    @Nullable ObservedTask older;

    @Nullable ObservedTask newer;

    boolean pending;

    ObservedTask(ObservedPool.Identity identity, Observation observation, PoolTaskObservationContext context,
            ObservedPool pool) {
        this.task = identity.task;
        this.identity = identity;
        this.observation = observation;
        this.context = context;
        this.pool = pool;
    }

    @Override
    public void run() {
        if (!this.pool.started(this)) {
            // Already stopped as unstarted by a termination that raced this run.
            this.task.run();
            return;
        }
        Observation.Scope scope = null;
        try {
            if (!(this.task instanceof Future<?> future && future.isCancelled())) {
                this.observation.event(STARTED_EVENT);
            }
            scope = this.observation.openScope();
        }
        catch (Throwable ex) {
            logger.warn("Observation of task {} in pool '{}' failed to start; running the task", this.task,
                    this.context.getPoolName(), ex);
        }
        try {
            this.task.run();
        }
        finally {
            close(scope);
            this.pool.ran(this);
        }
    }

    private void close(Observation.@Nullable Scope scope) {
        if (scope != null) {
            try {
                scope.close();
            }
            catch (Throwable ex) {
                logger.warn("Observation scope of task {} in pool '{}' failed to close", this.task,
                        this.context.getPoolName(), ex);
            }
        }
    }

    /**
     * Stop the Observation.
     * @param outcome the outcome's key value
     * @param failure what the task threw, or {@code null}
     */
    void stop(String outcome, @Nullable Throwable failure) {
        this.context.setOutcome(outcome);
        if (failure != null) {
            this.observation.error(failure);
        }
        this.observation.stop();
    }

    /**
     * Stop the Observation of a task the pool refused.
     * @param reason why
     */
    void rejected(RejectionReason reason) {
        this.context.setRejectionReason(reason);
        stop(ObservedPool.REJECTED, null);
    }

    @Override
    public String toString() {
        return this.task.toString();
    }

}
