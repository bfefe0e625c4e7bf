package io.poolworks;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import org.jspecify.annotations.Nullable;

/**
 * The one completion protocol of a running task, plain or future: the place where a
 * worker (or a caller under {@link SaturationPolicy#CALLER_RUNS}) holds the task it runs,
 * and where the worker finishing it, the cancel phase of a shutdown and the task-timeout
 * watch agree on how it ended.
 * <p>
 * A slot serves one thread and many tasks in turn. Its state packs a run number with a
 * status, so that a cancel or a timeout aimed at one run can never hit the next: the
 * owner {@linkplain #begin(long) begins} a run as RUNNING; exactly one CAS out of RUNNING
 * decides the outcome, either the owner's {@link #complete()} (DONE) or a canceller's
 * {@link #cancel(boolean)} (CANCELLED or TIMED_OUT). A canceller passes through
 * INTERRUPTING while it interrupts the thread (or cancels the future, which interrupts it
 * and wins only if the future had not completed), and {@code complete()} waits that out,
 * so the interrupt always lands in the run it was meant for and is cleared before the
 * next.
 */
final class RunSlot {

    static final int DONE = 0;

    static final int RUNNING = 1;

    static final int INTERRUPTING = 2;

    static final int CANCELLED = 3;

    static final int TIMED_OUT = 4;

    private static final int STATUS_BITS = 3;

    private static final long STATUS_MASK = (1L << STATUS_BITS) - 1;

    private static final AtomicLongFieldUpdater<RunSlot> STATE = AtomicLongFieldUpdater.newUpdater(RunSlot.class,
            "state");

    /** Run number and status; see the class comment. */
    private volatile long state;

    /** How the tasks of this slot's thread ended. */
    final Outcomes outcomes = new Outcomes();

    /** The thread that runs the slot's tasks. */
    volatile @Nullable Thread thread;

    // The task, filled in by the queue (under the engine's lock) or by the caller.

    @Nullable Runnable submitted;

    @Nullable Runnable run;

    @Nullable PoolFuture<?> future;

    long queuedAt;

    /** Whether the task waited longer than the maximum queue wait: it will not run. */
    boolean expired;

    /**
     * How many tasks ran under the adaptive limit when this one started, itself included;
     * {@code 0} when it did not start under one. Set and cleared by the engine's
     * {@link AdaptiveGate}, read by the thread that runs the task.
     */
    int inflight;

    /**
     * When the current run started, for the task-timeout watch; written before the state
     * (a volatile write) and read after it, so it needs no barrier of its own.
     */
    long startedAt;

    /** Mark a new run as started at the given time. Called by the owning thread. */
    void begin(long now) {
        this.startedAt = now;
        STATE.set(this, ((this.state >>> STATUS_BITS) + 1) << STATUS_BITS | RUNNING);
    }

    /**
     * End the current run and say how: {@link #DONE} if nobody cancelled it first, else
     * {@link #CANCELLED} or {@link #TIMED_OUT}. Called by the owning thread.
     */
    int complete() {
        for (;;) {
            long current = this.state;
            int status = (int) (current & STATUS_MASK);
            if (status == RUNNING) {
                if (STATE.compareAndSet(this, current, current - RUNNING + DONE)) {
                    return DONE;
                }
            }
            else if (status == INTERRUPTING) {
                Thread.yield();
            }
            else {
                return status;
            }
        }
    }

    /**
     * Cancel the current run, if one is under way.
     * @param timedOut whether the cause is the task timeout
     * @return whether this call cancelled it
     */
    boolean cancel(boolean timedOut) {
        long current = this.state;
        return (current & STATUS_MASK) == RUNNING && cancelRun(current, timedOut);
    }

    /**
     * Return the state, for {@link #timeOut(long)}: it identifies the current run.
     */
    long state() {
        return this.state;
    }

    /**
     * Time out the run of the given {@link #state()} if it still runs; a run that began
     * since is left alone.
     * @return whether this call timed it out
     */
    boolean timeOut(long runState) {
        return isRunning(runState) && cancelRun(runState, true);
    }

    static boolean isRunning(long state) {
        return (state & STATUS_MASK) == RUNNING;
    }

    private boolean cancelRun(long current, boolean timedOut) {
        long interrupting = current - RUNNING + INTERRUPTING;
        if (!STATE.compareAndSet(this, current, interrupting)) {
            return false;
        }
        PoolFuture<?> future = this.future;
        boolean cancelled = true;
        if (future != null) {
            // The future decides: it refuses if it completed in the meantime.
            cancelled = future.cancelRun();
        }
        else {
            Thread thread = this.thread;
            if (thread != null) {
                thread.interrupt();
            }
        }
        STATE.set(this, cancelled ? interrupting - INTERRUPTING + (timedOut ? TIMED_OUT : CANCELLED) : current);
        return cancelled;
    }

    /** Whether a run is under way. */
    boolean isRunning() {
        return isRunning(this.state);
    }

    /** Forget the task once it ended, so that the slot keeps nothing alive. */
    void clear() {
        this.submitted = null;
        this.run = null;
        this.future = null;
        this.expired = false;
    }

}
