package io.poolworks;

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

    private volatile int state = RUNNING;

    private boolean paused;

    Lifecycle(Condition terminated) {
        this.terminated = terminated;
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
     * SHUTDOWN or STOP → TERMINATED, once the engine found nothing left to run.
     * @return whether the pool terminated now
     */
    boolean terminate() {
        if (this.state < SHUTDOWN || this.state == TERMINATED) {
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
