package io.poolworks;

import org.jspecify.annotations.Nullable;

/**
 * Reads a consistent {@link PoolStats} off the owners of a pool's state; called with the
 * engine's lock held, so that the counts agree with each other.
 */
final class Snapshot {

    private Snapshot() {
    }

    static PoolStats of(String name, Lifecycle lifecycle, WorkerSet workers, Backlog backlog, TaskRunner runner,
            PermitGate gate, @Nullable AdaptiveGate adaptive, long rejected, long callerRuns) {
        long completed = runner.completed.sum();
        long failed = runner.failed.sum();
        long cancelled = runner.cancelled.sum();
        long timedOut = runner.timedOut.sum();
        long expired = runner.expired.sum();
        long running = backlog.dequeued - completed - failed - cancelled - timedOut - expired;
        int queued = backlog.size();
        int free = lifecycle.paused() ? 0 : (adaptive != null) ? adaptive.open(workers.free()) : workers.free();
        int limit = (adaptive != null) ? Math.min(adaptive.limit(), workers.max) : 0;
        int remaining = Math.max(0, backlog.capacity - Math.max(0, queued - free));
        return new PoolStats(name, lifecycle.publicState(), workers.min, workers.max, workers.count,
                workers.count - workers.idle, workers.idle, workers.peak, queued, backlog.capacity, remaining, running,
                backlog.submitted, completed, failed, cancelled + backlog.cancelledInQueue, backlog.unstarted, rejected,
                callerRuns, timedOut, expired, gate.waits(), gate.errors(), limit);
    }

}
