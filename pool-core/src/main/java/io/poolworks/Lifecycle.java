package io.poolworks;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;

/**
 * The run state of a pool: RUNNING (optionally paused) → SHUTDOWN (no new tasks, the
 * queue drains) → STOP (the queue is handed back, running tasks are cancelled) →
 * TERMINATED (nothing is left to run). States only move forward. Guarded by the engine's
 * lock; the state is also read without it on fast paths.
 */
final class Lifecycle {

    static final int RUNNING = 0;

    static final int SHUTDOWN = 1;

    static final int STOP = 2;

    static final int TERMINATED = 3;

    private final Condition terminated;

    private final StateEvents events;

    private final Runnable onTerminated;

    private final AtomicBoolean terminationAnnounced = new AtomicBoolean();

    private volatile int state = RUNNING;

    private boolean paused;

    /**
     * Create the run state of a pool.
     * @param terminated the condition, of the engine's lock, that termination signals
     * @param events who publishes the changes
     * @param onTerminated what to do once, without the lock, after the pool terminated
     */
    Lifecycle(Condition terminated, StateEvents events, Runnable onTerminated) {
        this.terminated = terminated;
        this.events = events;
        this.onTerminated = onTerminated;
    }

    /**
     * Publish the changes of state, without the engine's lock; the first time the pool is
     * seen terminated, run the termination action as well.
     */
    void announce(boolean changed) {
        if (changed) {
            this.events.publishChanges();
        }
        if (this.state == TERMINATED && this.terminationAnnounced.compareAndSet(false, true)) {
            this.onTerminated.run();
        }
    }

    int state() {
        return this.state;
    }

    boolean paused() {
        return this.paused;
    }

    /** Whether queued tasks may start: not while a running pool is paused. */
    boolean startsTasks() {
        return !this.paused || this.state != RUNNING;
    }

    /** RUNNING → SHUTDOWN; a pause ends, so that the queue drains. */
    boolean shutdown() {
        if (this.state != RUNNING) {
            return false;
        }
        this.state = SHUTDOWN;
        this.paused = false;
        return true;
    }

    /** → STOP, from RUNNING or SHUTDOWN. */
    void stop() {
        if (this.state < STOP) {
            this.state = STOP;
            this.paused = false;
        }
    }

    /**
     * Pause or resume a running pool.
     * @return whether that changed anything
     */
    boolean pause(boolean pause) {
        if (this.state != RUNNING || pause == this.paused) {
            return false;
        }
        this.paused = pause;
        return true;
    }

    /**
     * SHUTDOWN or STOP → TERMINATED, if nothing is left to run: no worker, no caller, no
     * queued task.
     * @return whether the pool terminated now
     */
    boolean terminateIfDone(WorkerSet workers, Backlog backlog) {
        if (this.state < SHUTDOWN || this.state == TERMINATED || !workers.isEmpty() || !backlog.isEmpty()) {
            return false;
        }
        this.state = TERMINATED;
        this.terminated.signalAll();
        return true;
    }

    /** Wait, holding the engine's lock, until terminated or the time is up. */
    boolean awaitTermination(long nanos) throws InterruptedException {
        long left = nanos;
        while (this.state != TERMINATED) {
            if (left <= 0L) {
                return false;
            }
            left = this.terminated.awaitNanos(left);
        }
        return true;
    }

    PoolState publicState() {
        return switch (this.state) {
            case RUNNING -> this.paused ? PoolState.PAUSED : PoolState.RUNNING;
            case TERMINATED -> PoolState.TERMINATED;
            default -> PoolState.DRAINING;
        };
    }

}
