package io.poolworks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cancels tasks that run longer than the pool's task timeout, from one daemon watch
 * thread per pool that exists only while the pool does.
 * <p>
 * Every task of a pool has the same timeout, so the earliest deadline is that of the
 * longest-running task: the watch sleeps until then, looks at each slot (a handful: one
 * per worker and one per caller running a task), times out the overdue runs and sleeps
 * again. A run that starts while the watch waits for an earlier deadline needs no signal;
 * only a watch with nothing to wait for is woken. Nothing is allocated per task.
 */
final class TaskTimeouts implements Runnable {

    private final long timeoutNanos;

    private final Ticker ticker;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition changed = this.lock.newCondition();

    private final List<RunSlot> slots = new ArrayList<>();

    /** Whether the watch waits without a deadline, so that a new run must wake it. */
    private volatile boolean idle;

    private boolean closed;

    TaskTimeouts(String pool, long timeoutNanos, Ticker ticker) {
        this.timeoutNanos = timeoutNanos;
        this.ticker = ticker;
        Thread thread = new Thread(this, pool + "-timeouts");
        // Daemon: the watch must never keep the JVM alive.
        thread.setDaemon(true);
        thread.start();
    }

    void register(RunSlot slot) {
        this.lock.lock();
        try {
            this.slots.add(slot);
        }
        finally {
            this.lock.unlock();
        }
    }

    void unregister(RunSlot slot) {
        this.lock.lock();
        try {
            this.slots.remove(slot);
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Tell the watch that a run started. Cheap unless the watch has nothing to wait for.
     */
    void started() {
        if (this.idle) {
            this.lock.lock();
            try {
                this.changed.signal();
            }
            finally {
                this.lock.unlock();
            }
        }
    }

    void close() {
        this.lock.lock();
        try {
            this.closed = true;
            this.changed.signal();
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public void run() {
        this.lock.lock();
        try {
            while (!this.closed) {
                long wait = timeOutOverdue();
                this.idle = (wait == Long.MAX_VALUE);
                if (this.idle) {
                    // A run may have started between the scan and the flag: scan again.
                    wait = timeOutOverdue();
                    this.idle = (wait == Long.MAX_VALUE);
                }
                try {
                    this.ticker.awaitNanos(this.changed, (wait == Long.MAX_VALUE) ? Check.MAX_NANOS : wait);
                }
                catch (InterruptedException ex) {
                    return;
                }
                finally {
                    this.idle = false;
                }
            }
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Time out the overdue runs; return the nanoseconds to the next deadline. */
    private long timeOutOverdue() {
        long now = this.ticker.read();
        long next = Long.MAX_VALUE;
        for (RunSlot slot : this.slots) {
            long state = slot.state();
            if (RunSlot.isRunning(state)) {
                long left = slot.startedAt + this.timeoutNanos - now;
                if (left <= 0L) {
                    slot.timeOut(state);
                }
                else {
                    next = Math.min(next, left);
                }
            }
        }
        return next;
    }

}
