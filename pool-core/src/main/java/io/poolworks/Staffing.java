package io.poolworks;

import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Keeps a pool staffed: how many workers to reserve (for {@code minWorkers} and for
 * queued tasks nobody will take), starting their threads outside the engine's lock,
 * taking back the reservations whose thread did not start, and retrying after a backoff
 * while workers are missing. Works on the state the engine's lock guards, with that lock.
 */
final class Staffing {

    private final ReentrantLock lock;

    private final Condition notEmpty;

    private final WorkerSet workers;

    private final Backlog backlog;

    private final Lifecycle lifecycle;

    private final WorkerStarts starts;

    private final PoolEngine engine;

    private final TaskRunner runner;

    /**
     * Set under the lock when a start failed, cleared under it when no worker is missing.
     */
    private volatile boolean shortHanded;

    private final @Nullable AdaptiveGate adaptive;

    Staffing(ReentrantLock lock, Condition notEmpty, WorkerSet workers, Backlog backlog, Lifecycle lifecycle,
            WorkerStarts starts, PoolEngine engine, TaskRunner runner, @Nullable AdaptiveGate adaptive) {
        this.lock = lock;
        this.notEmpty = notEmpty;
        this.workers = workers;
        this.backlog = backlog;
        this.lifecycle = lifecycle;
        this.starts = starts;
        this.engine = engine;
        this.runner = runner;
        this.adaptive = adaptive;
    }

    /** Reserve up to {@code count} workers within {@code maxWorkers}. Lock held. */
    List<PoolWorker> reserve(int count) {
        return this.workers.reserve(count, this.engine, this.runner);
    }

    /**
     * Reserve the workers {@code minWorkers} and unclaimed queued tasks need. Lock held.
     */
    List<PoolWorker> forQueue() {
        return reserve(this.workers.wanted(startable(), this.lifecycle.state(), this.lifecycle.paused()));
    }

    /**
     * The queued tasks that may start now: all, or as many as the adaptive limit lets.
     */
    private int startable() {
        int queued = this.backlog.size();
        return (this.adaptive != null) ? this.adaptive.startable(queued) : queued;
    }

    /** The free workers that may start a queued task now. */
    private int free() {
        int free = this.workers.free();
        return (this.adaptive != null) ? this.adaptive.open(free) : free;
    }

    /**
     * Whether workers are missing after a failed start; the suspicion ends once none are.
     * Lock held.
     */
    boolean missing() {
        if (!this.shortHanded) {
            return false;
        }
        if (!this.workers.missing(startable())) {
            // Not the last start succeeding: only counts say the pool is whole again.
            this.shortHanded = false;
            return false;
        }
        return true;
    }

    /**
     * The adaptive limit grew, as a worker asking for a task saw: wake the idle workers
     * and the blocked producers, and start the workers the queued tasks may now need
     * beyond the one the asking worker takes, with the lock released meanwhile. Lock
     * held.
     */
    void limitGrew() {
        this.notEmpty.signalAll();
        this.backlog.roomChanged();
        List<PoolWorker> reserved = reserve(
                this.workers.wanted(Math.max(0, startable() - 1), this.lifecycle.state(), this.lifecycle.paused()));
        if (!reserved.isEmpty()) {
            this.lock.unlock();
            try {
                start(reserved);
            }
            finally {
                this.lock.lock();
            }
        }
    }

    /** Whether a failed start may have left workers missing; a cheap read. */
    boolean shortHanded() {
        return this.shortHanded;
    }

    /**
     * How long an idle worker may wait: until the next retry while workers are missing.
     * Lock held.
     */
    long idleWait(long wait) {
        return this.starts.retryWait(wait, missing());
    }

    /** Retry starting missing workers, if due; releases the lock meanwhile. Lock held. */
    boolean restartIfDue() {
        if (!missing() || !this.starts.retryDue()) {
            return false;
        }
        List<PoolWorker> reserved = forQueue();
        this.lock.unlock();
        try {
            start(reserved);
        }
        finally {
            this.lock.lock();
        }
        return true;
    }

    /**
     * Start reserved workers, outside the lock; after the first failure the rest are
     * unreserved, so that a failing factory is not hammered and no phantom worker stays
     * counted.
     * @return the failure, or {@code null} if all started
     */
    @Nullable Throwable start(List<PoolWorker> reserved) {
        int failed = this.starts.startAll(reserved, this.workers);
        if (failed < 0) {
            return null;
        }
        boolean ended;
        this.lock.lock();
        try {
            this.workers.unreserve(reserved.subList(failed, reserved.size()));
            this.shortHanded = true;
            if (missing()) {
                // An idle worker waits for the retry.
                this.notEmpty.signal();
            }
            ended = this.lifecycle.terminateIfDone(this.workers, this.backlog);
        }
        finally {
            this.lock.unlock();
        }
        this.lifecycle.announce(ended);
        return this.starts.lastFailure();
    }

    /**
     * Start the worker reserved for a task. If it cannot start, the task stays queued
     * when another worker lives and the queue has room for it; otherwise it is taken back
     * and refused.
     */
    Admission startFor(Runnable submitted, List<PoolWorker> reserved) {
        if (start(reserved) == null) {
            return Admission.ACCEPTED;
        }
        this.lock.lock();
        try {
            boolean room = this.backlog.fits(free() + 1);
            if ((this.workers.count > 0 && room) || !this.backlog.takeBack(submitted)) {
                return Admission.ACCEPTED;
            }
            return Admission.WORKER_START_FAILED;
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * A worker's thread ends. If it ended abruptly (its exit not counted by the engine),
     * it is counted out now, with the task it took, and a new worker takes its place if
     * one is needed; the listeners hear of the exit, and the pool terminates if it was
     * the last.
     */
    void workerExited(PoolWorker worker, boolean exitCounted) {
        List<PoolWorker> replacements = List.of();
        this.lock.lock();
        try {
            if (!exitCounted) {
                if (this.adaptive != null) {
                    this.adaptive.returned(worker.slot);
                }
                this.workers.exit(worker);
                replacements = forQueue();
            }
        }
        finally {
            this.lock.unlock();
        }
        this.starts.published(worker, false, this.workers.count);
        start(replacements);
        boolean ended;
        this.lock.lock();
        try {
            ended = this.lifecycle.terminateIfDone(this.workers, this.backlog);
        }
        finally {
            this.lock.unlock();
        }
        this.lifecycle.announce(ended);
    }

    @Nullable Throwable lastFailure() {
        return this.starts.lastFailure();
    }

}
