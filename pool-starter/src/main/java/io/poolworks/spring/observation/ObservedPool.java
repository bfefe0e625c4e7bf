package io.poolworks.spring.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.poolworks.PoolState;
import io.poolworks.event.PoolStateChanged;
import io.poolworks.event.TaskOutcome;
import io.poolworks.event.TaskRejected;
import io.poolworks.spring.TaskObserver;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TaskObserver} of one pool: starts an Observation per task in the submitting
 * thread, a child of that thread's current Observation, and stops it with the task's
 * outcome.
 * <p>
 * The pool's events name the task as it was submitted, not the wrapper it runs, so the
 * Observations of tasks that have not started wait in a map keyed by the task's identity
 * (a chain per key, oldest first, for a task submitted again before it ran). A task that
 * runs takes itself out when it starts and leaves itself in a thread local for the
 * {@code taskFinished} call that follows on the same thread; a task that never runs is
 * taken out by the event that says so: its rejection, its expiry, its cancellation in the
 * queue, or the pool's termination for those a shutdown handed back unstarted.
 */
final class ObservedPool implements TaskObserver {

    static final String REJECTED = "rejected";

    static final String UNSTARTED = "unstarted";

    private static final Logger logger = LoggerFactory.getLogger(ObservedPool.class);

    private static final PoolTaskObservationConvention DEFAULT_CONVENTION = new DefaultPoolTaskObservationConvention();

    private static final String[] OUTCOMES = outcomes();

    private final String pool;

    private final ObservationRegistry registry;

    private final @Nullable PoolTaskObservationConvention convention;

    private final ConcurrentHashMap<Identity, Chain> pending = new ConcurrentHashMap<>();

    private final ThreadLocal<@Nullable ObservedTask> ran = new ThreadLocal<>();

    ObservedPool(String pool, ObservationRegistry registry, @Nullable PoolTaskObservationConvention convention) {
        this.pool = pool;
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public Runnable decorate(Runnable task) {
        try {
            PoolTaskObservationContext context = new PoolTaskObservationContext(this.pool, task);
            Observation observation = Observation.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context,
                    this.registry);
            if (observation.isNoop()) {
                return task;
            }
            observation.parentObservation(this.registry.getCurrentObservation()).start();
            Identity identity = new Identity(task);
            ObservedTask observed = new ObservedTask(identity, observation, context, this);
            this.pending.compute(identity, (key, chain) -> Chain.append(chain, observed));
            return observed;
        }
        catch (Throwable ex) {
            logger.warn("Observation of task {} in pool '{}' failed; the task is not observed", task, this.pool, ex);
            return task;
        }
    }

    @Override
    public void taskFinished(String poolName, Runnable task, TaskOutcome outcome, long queueWaitNanos, long runNanos,
            @Nullable Throwable failure) {
        ObservedTask observed = this.ran.get();
        if (observed != null && observed.task == task) {
            this.ran.remove();
        }
        else {
            // It never ran (expired, cancelled in the queue), or a decorator around it
            // failed before it could.
            observed = take(task, true);
        }
        if (observed != null) {
            observed.stop(OUTCOMES[outcome.ordinal()], failure);
        }
    }

    @Override
    public void taskRejected(TaskRejected event) {
        // The newest: the one this thread has just submitted, when the same task waits
        // in the queue as well.
        ObservedTask observed = take(event.task(), false);
        if (observed != null) {
            observed.rejected(event.reason());
        }
    }

    @Override
    public void stateChanged(PoolStateChanged event) {
        if (event.to() != PoolState.TERMINATED) {
            return;
        }
        // Left: the tasks a shutdown took out of the queue and handed back unrun.
        for (Identity key : new ArrayList<>(this.pending.keySet())) {
            List<ObservedTask> unstarted = new ArrayList<>();
            this.pending.computeIfPresent(key, (identity, chain) -> {
                for (ObservedTask each = chain.oldest(); each != null; each = chain.oldest()) {
                    chain.unlink(each);
                    unstarted.add(each);
                }
                return null;
            });
            unstarted.forEach((observed) -> observed.stop(UNSTARTED, null));
        }
    }

    /**
     * Take a task that starts out of the pending ones.
     * @param observed the task
     * @return whether it was pending; if not, its Observation was stopped already
     */
    boolean started(ObservedTask observed) {
        boolean[] found = new boolean[1];
        this.pending.computeIfPresent(observed.identity, (key, chain) -> {
            found[0] = chain.unlink(observed);
            return chain.isEmpty() ? null : chain;
        });
        return found[0];
    }

    /**
     * Leave a task that ran for the {@code taskFinished} call that follows.
     * @param observed the task
     */
    void ran(ObservedTask observed) {
        this.ran.set(observed);
    }

    private @Nullable ObservedTask take(Runnable task, boolean oldest) {
        ObservedTask[] taken = new ObservedTask[1];
        this.pending.computeIfPresent(new Identity(task), (key, chain) -> {
            taken[0] = oldest ? chain.oldest() : chain.newest();
            if (taken[0] != null) {
                chain.unlink(taken[0]);
            }
            return chain.isEmpty() ? null : chain;
        });
        return taken[0];
    }

    /**
     * The pending tasks of one identity, oldest first, doubly linked so that every change
     * costs the same however many times a task waits in the queue. Guarded by the map's
     * lock on its key: changed only inside {@code compute}.
     */
    private static final class Chain {

        private @Nullable ObservedTask oldest;

        private @Nullable ObservedTask newest;

        static Chain append(@Nullable Chain chain, ObservedTask observed) {
            Chain target = (chain != null) ? chain : new Chain();
            observed.older = target.newest;
            observed.newer = null;
            if (target.newest != null) {
                target.newest.newer = observed;
            }
            else {
                target.oldest = observed;
            }
            target.newest = observed;
            observed.pending = true;
            return target;
        }

        @Nullable ObservedTask oldest() {
            return this.oldest;
        }

        @Nullable ObservedTask newest() {
            return this.newest;
        }

        boolean isEmpty() {
            return this.oldest == null;
        }

        /**
         * Take a task out of the chain.
         * @return whether it was in it
         */
        boolean unlink(ObservedTask observed) {
            if (!observed.pending) {
                return false;
            }
            if (observed.older != null) {
                observed.older.newer = observed.newer;
            }
            else {
                this.oldest = observed.newer;
            }
            if (observed.newer != null) {
                observed.newer.older = observed.older;
            }
            else {
                this.newest = observed.older;
            }
            observed.older = null;
            observed.newer = null;
            observed.pending = false;
            return true;
        }

    }

    private static String[] outcomes() {
        TaskOutcome[] outcomes = TaskOutcome.values();
        String[] values = new String[outcomes.length];
        for (TaskOutcome outcome : outcomes) {
            values[outcome.ordinal()] = outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return values;
    }

    /**
     * A task as a key by its identity: a task may define {@code equals}.
     */
    static final class Identity {

        final Runnable task;

        Identity(Runnable task) {
            this.task = task;
        }

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof Identity identity && identity.task == this.task;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this.task);
        }

    }

}
