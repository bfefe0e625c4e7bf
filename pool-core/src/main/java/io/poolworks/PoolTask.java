package io.poolworks;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One accepted task on its way through a pool: what was submitted, what runs (the
 * decorated form), when it was queued, and whether it finished or was cancelled first.
 */
final class PoolTask {

    private static final int PENDING = 0;

    private static final int DONE = 1;

    private static final int CANCELLED = 2;

    private static final AtomicIntegerFieldUpdater<PoolTask> STATE = AtomicIntegerFieldUpdater
        .newUpdater(PoolTask.class, "state");

    final Runnable submitted;

    final Runnable runnable;

    final long queuedAt;

    private volatile int state;

    PoolTask(Runnable submitted, Runnable runnable, long queuedAt) {
        this.submitted = submitted;
        this.runnable = runnable;
        this.queuedAt = queuedAt;
    }

    /**
     * Mark the task finished by its worker.
     * @return {@code false} if it had been cancelled first
     */
    boolean finish() {
        return STATE.compareAndSet(this, PENDING, DONE);
    }

    /**
     * Mark the task cancelled unless it already finished.
     * @return {@code true} if this call cancelled it
     */
    boolean cancel() {
        return STATE.compareAndSet(this, PENDING, CANCELLED);
    }

    boolean isCancelled() {
        return this.state == CANCELLED;
    }

    @Override
    public String toString() {
        return this.submitted.toString();
    }

}
