package io.poolworks;

/**
 * Reads a consistent {@link PoolStats} off the owners of a pool's state; called with the
 * engine's lock held, so that the counts agree with each other.
 */
final class Snapshot {

    private Snapshot() {
    }

    static PoolStats of(String name, Lifecycle lifecycle, WorkerSet workers, Backlog backlog, TaskRunner runner,
            PermitGate gate, long rejected, long callerRuns) {
        long completed = runner.completed.sum();
        long failed = runner.failed.sum();
        long cancelled = runner.cancelled.sum();
        long timedOut = runner.timedOut.sum();
        long expired = runner.expired.sum();
        long running = backlog.dequeued - completed - failed - cancelled - timedOut - expired;
        int queued = backlog.size();
        int free = lifecycle.paused() ? 0 : workers.free();
        int remaining = Math.max(0, backlog.capacity - Math.max(0, queued - free));
        // As admission decides: free workers take the first, each worker started takes
        // one, the queue the rest; a paused pool only queues.
        int headroom = (lifecycle.state() != Lifecycle.RUNNING) ? 0
                : lifecycle.paused() ? Math.max(0, backlog.capacity - queued)
                        : Math.max(0, workers.max - workers.count + backlog.capacity + free - queued);
        return new PoolStats(name, lifecycle.publicState(), workers.min, workers.max, workers.count,
                workers.count - workers.idle, workers.idle, workers.peak, queued, backlog.capacity, remaining, running,
                backlog.submitted, completed, failed, cancelled + backlog.cancelledInQueue, backlog.unstarted, rejected,
                callerRuns, timedOut, expired, gate.waits(), gate.errors(), headroom);
    }

}
