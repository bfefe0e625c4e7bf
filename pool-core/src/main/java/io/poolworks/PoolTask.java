package io.poolworks;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One accepted task on its way through a pool: what was submitted, what runs (the
 * decorated form), its place in a priority queue, when it was queued, and whether it
 * finished, was cancelled or timed out first.
 */
final class PoolTask {

    private static final int PENDING = 0;

    private static final int DONE = 1;

    private static final int CANCELLED = 2;

    private static final int TIMED_OUT = 3;

    private static final AtomicIntegerFieldUpdater<PoolTask> STATE = AtomicIntegerFieldUpdater
        .newUpdater(PoolTask.class, "state");

    final Runnable submitted;

    final Runnable runnable;

    final long queuedAt;

    /**
     * The priority-queue key: the priority, or with aging priority * interval - age
     * origin.
     */
    final long key;

    /** The admission order, assigned under the engine's lock. */
    long sequence;

    /** Set under the engine's lock when the task is taken past its maximum queue wait. */
    boolean expired;

    private volatile int state;

    PoolTask(Runnable submitted, Runnable runnable, long queuedAt, long key) {
        this.submitted = submitted;
        this.runnable = runnable;
        this.queuedAt = queuedAt;
        this.key = key;
    }

    /**
     * Mark the task finished by its worker.
     * @return {@code false} if it had been cancelled or timed out first
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

    /**
     * Time the task out unless it already finished, and interrupt the thread running it
     * (or cancel its future, which interrupts that thread).
     */
    void timeOut(Thread thread) {
        if (STATE.compareAndSet(this, PENDING, TIMED_OUT)) {
            if (this.submitted instanceof PoolFuture<?> future) {
                future.cancel(true);
            }
            else {
                thread.interrupt();
            }
        }
    }

    boolean isCancelled() {
        return this.state == CANCELLED;
    }

    boolean isTimedOut() {
        return this.state == TIMED_OUT;
    }

    @Override
    public String toString() {
        return this.submitted.toString();
    }

}
