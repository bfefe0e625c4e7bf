package io.poolworks;

import io.poolworks.event.TaskOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Reads a consistent {@link PoolStats} off the owners of a pool's state; called with the
 * engine's lock held, so that the counts agree with each other.
 */
final class Snapshot {

    private Snapshot() {
    }

    static PoolStats of(String name, Lifecycle lifecycle, WorkerSet workers, Backlog backlog, PermitGate gate,
            @Nullable AdaptiveGate adaptive, long rejected, long callerRuns) {
        long[] outcomes = workers.outcomes();
        long completed = outcomes[TaskOutcome.COMPLETED.ordinal()];
        long failed = outcomes[TaskOutcome.FAILED.ordinal()];
        long cancelled = outcomes[TaskOutcome.CANCELLED.ordinal()];
        long timedOut = outcomes[TaskOutcome.TIMED_OUT.ordinal()];
        long expired = outcomes[TaskOutcome.EXPIRED.ordinal()];
        long running = backlog.dequeued - completed - failed - cancelled - timedOut - expired;
        int queued = backlog.size();
        int free = lifecycle.paused() ? 0 : (adaptive != null) ? adaptive.open(workers.free()) : workers.free();
        int limit = (adaptive != null) ? Math.min(adaptive.limit(), workers.max) : 0;
        int remaining = Math.max(0, backlog.capacity - Math.max(0, queued - free));
        // As admission decides: free workers take the first, each worker started takes
        // one, the queue the rest; a paused pool only queues.
        int headroom = (lifecycle.state() != Lifecycle.RUNNING) ? 0
                : lifecycle.paused() ? Math.max(0, backlog.capacity - queued)
                        : Math.max(0, workers.max - workers.count + backlog.capacity + free - queued);
        return new PoolStats(name, lifecycle.publicState(), workers.min, workers.max, workers.count,
                workers.count - workers.idle, workers.idle, workers.peak, queued, backlog.capacity, remaining, running,
                backlog.submitted, completed, failed, cancelled + backlog.cancelledInQueue, backlog.unstarted, rejected,
                callerRuns, timedOut, expired, gate.waits(), gate.errors(), headroom, limit);
    }

}
