package io.poolworks.conductor;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The mutable bookkeeping of one worker in one run of a conductor; every field except the
 * final ones is guarded by the lock of the owning {@link ConductorRun}.
 */
final class WorkerSlot {

    final String name;

    final Worker worker;

    final FailurePolicy policy;

    WorkerState state = WorkerState.NEW;

    Instant since;

    int restarts;

    int failures;

    @Nullable Throwable lastError;

    /** The supervising thread; set once by {@link ConductorRun#start()}. */
    @Nullable Thread thread;

    /**
     * The context of the run in progress, or {@code null} between runs and after the end.
     */
    @Nullable AttemptContext context;

    /** Whether the supervising thread has finished with this worker for good. */
    boolean ended;

    WorkerSlot(String name, Worker worker, FailurePolicy policy, Instant since) {
        this.name = name;
        this.worker = worker;
        this.policy = policy;
        this.since = since;
    }

    void enter(WorkerState state, Instant now) {
        this.state = state;
        this.since = now;
    }

    WorkerStatus status() {
        return new WorkerStatus(this.name, this.state, this.restarts, this.lastError, this.since);
    }

    WorkerOutcome outcome() {
        return new WorkerOutcome(this.name, this.state, this.ended, this.restarts, this.failures, this.lastError);
    }

}
