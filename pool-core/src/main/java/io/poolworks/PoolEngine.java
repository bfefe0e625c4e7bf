package io.poolworks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.poolworks.event.PoolListener;
import io.poolworks.spi.GuardedCalls;
import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;

/**
 * The state of a pool that one lock guards, and every decision taken on it.
 * <p>
 * <b>Design.</b> One {@link ReentrantLock} guards the queue together with every number
 * that decides where a task goes: the worker counts ({@code workers}, {@code idle},
 * {@code starting}), the run state, the pause flag, the bounds, the start gate and the
 * {@code submitted}/{@code dequeued}/{@code unstarted} counters. Each piece has one
 * owner, all guarded by this lock: the {@link Backlog} (queue, capacity, counters), the
 * {@link WorkerSet} (who runs tasks, and the bounds), the {@link Lifecycle} (run state
 * and pause) and the {@link PermitGate} (start permits); this class takes the decisions
 * that span them. Because admission ({@link #admit}) and removal ({@link #take}) happen
 * under that lock, "an idle worker will take this", "start a worker for this" and "the
 * queue is full" are decided on an exact view, with no ticker and no lost wake-up; and
 * {@link #stats()} read under it is a consistent snapshot. What happens after a task left
 * the queue is counted by the {@link TaskRunner} outside the lock, and {@code running} is
 * derived as {@code dequeued} minus those counts: it can lag by a task, it can never go
 * negative. Nothing slow runs under the lock: no listener, no thread start, no call to
 * the permit source.
 * <p>
 * <b>State machine.</b> RUNNING (optionally paused) → SHUTDOWN (no new tasks, the queue
 * drains) → STOP (the queue is handed back, running tasks are cancelled) → TERMINATED
 * (the queue is empty, no worker is left and no caller runs a task). States only move
 * forward.
 * <p>
 * <b>Invariants</b> (under the lock): {@code idle + starting <= workers}; a task is
 * admitted only when an idle or starting worker is free for it, a new worker is reserved
 * for it, or fewer than {@code queueCapacity} tasks wait beyond the free workers; and
 * {@code submitted == dequeued + queue.size() + unstarted + cancelledInQueue}.
 * <p>
 * <b>Start gate.</b> With a permit source, a queued task starts only with a permit. One
 * worker at a time, the taker, asks the source, with the lock released; if it must wait
 * it waits as the taker, so no other worker asks meanwhile. A permit whose task vanished
 * (cancelled, expired, handed back) is given back. A source that throws is retried with a
 * bounded backoff; tasks stay queued meanwhile.
 * <p>
 * <b>Adaptive limit.</b> Fewer than L tasks run at once: see {@link AdaptiveGate}.
 * <p>
 * <b>Cancellation.</b> A worker moves the task it takes into its {@link RunSlot} under
 * the lock, so the cancel phase (also under the lock, after STOP) sees every task that
 * can still run, and the slot's protocol decides, once, how each ended.
 */
final class PoolEngine {

    private final String name;

    private final Ticker ticker;

    private final long idleTimeoutNanos;

    private final TaskRunner runner;

    private final Staffing staffing;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition notEmpty = this.lock.newCondition();

    private final Backlog backlog;

    private final WorkerSet workers;

    private final Lifecycle lifecycle;

    private final PermitGate gate;

    private final @Nullable AdaptiveGate adaptive;

    PoolEngine(PoolConfig config, TaskRunner runner, @Nullable GuardedCalls<PoolListener> listeners,
            @Nullable AdaptiveLimiter limiter) {
        this.name = config.name();
        this.ticker = config.ticker();
        this.idleTimeoutNanos = config.idleTimeoutNanos();
        this.runner = runner;
        this.backlog = new Backlog(config, this.lock.newCondition());
        this.workers = new WorkerSet(config.minWorkers(), config.maxWorkers());
        this.gate = new PermitGate(this.name, this.ticker, config.startPermits());
        this.adaptive = (limiter != null) ? new AdaptiveGate(limiter) : null;
        this.lifecycle = new Lifecycle(this.lock.newCondition(),
                new StateEvents(this.name, listeners, this::currentState), () -> {
                    runner.close();
                    this.gate.close(this.gate.source());
                });
        this.staffing = new Staffing(this.lock, this.notEmpty, this.workers, this.backlog, this.lifecycle,
                new WorkerStarts(this.name, this.ticker, config.threadFactory(), listeners), this, runner,
                this.adaptive);
    }

    /**
     * Start the {@code minWorkers} workers of a new pool, or fail
     * (IllegalStateException).
     */
    void startMinWorkers() {
        Throwable failure = this.staffing.start(locked(() -> this.staffing.reserve(this.workers.min)));
        if (failure != null) {
            stop(true);
            throw new IllegalStateException("Pool '" + this.name + "' could not start its " + this.workers.min
                    + " minWorkers: the thread factory failed: " + failure, failure);
        }
    }

    String name() {
        return this.name;
    }

    /** Run a short action under the lock; for the paths that are not hot. */
    private <T> T locked(Supplier<T> action) {
        this.lock.lock();
        try {
            return action.get();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Admit a task, waiting up to the given time for room. A worker reserved for it is
     * started before this returns.
     */
    Admission admit(Runnable submitted, Runnable run, @Nullable PoolFuture<?> future, long queuedAt, long key,
            long waitNanos) {
        List<PoolWorker> reserved;
        this.lock.lock();
        try {
            Admission admission = offer(submitted, run, future, queuedAt, key);
            long nanos = waitNanos;
            while (admission == Admission.FULL && nanos > 0L) {
                try {
                    nanos = this.backlog.awaitRoom(nanos);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return Admission.INTERRUPTED;
                }
                admission = offer(submitted, run, future, queuedAt, key);
            }
            if (admission != Admission.NEEDS_WORKER) {
                return admission;
            }
            reserved = this.staffing.reserve(1);
        }
        finally {
            this.lock.unlock();
        }
        return this.staffing.startFor(submitted, reserved);
    }

    /** Queue the task if a free worker, a new worker or the capacity allows it. */
    private Admission offer(Runnable submitted, Runnable run, @Nullable PoolFuture<?> future, long queuedAt, long key) {
        if (this.lifecycle.state() != Lifecycle.RUNNING) {
            return Admission.SHUTTING_DOWN;
        }
        WorkerSet workers = this.workers;
        int waiting = this.backlog.size();
        int free = (this.adaptive != null) ? this.adaptive.open(workers.free()) : workers.free();
        Admission admission;
        if (this.lifecycle.paused()) {
            admission = this.backlog.fits(0) ? Admission.ACCEPTED : Admission.FULL;
        }
        else if (waiting < free) {
            // An idle worker takes it; a starting one will ask soon.
            admission = Admission.ACCEPTED;
            if (waiting < workers.idle) {
                this.notEmpty.signal();
            }
        }
        else if (workers.count < workers.max
                && (this.adaptive == null || this.adaptive.roomForWorker(workers.free()))) {
            admission = Admission.NEEDS_WORKER;
        }
        else {
            admission = this.backlog.fits(free) ? Admission.ACCEPTED : Admission.FULL;
        }
        if (admission != Admission.FULL) {
            this.backlog.add(submitted, run, future, queuedAt, key, this);
        }
        return admission;
    }

    /**
     * Count a task the caller runs itself under CALLER_RUNS: it counts as running, and
     * holds off termination, until {@link #callerFinished}.
     * @return whether the pool still runs (else the caller must reject the task)
     */
    boolean callerStarts(RunSlot slot) {
        return locked(() -> {
            if (this.lifecycle.state() != Lifecycle.RUNNING) {
                return false;
            }
            this.backlog.countCallerRun();
            this.workers.addCaller(slot);
            return true;
        });
    }

    void callerFinished(RunSlot slot) {
        afterUnlock(locked(() -> this.workers.removeCaller(slot) && tryTerminate()));
    }

    /**
     * Wait for the next task and move it into the worker's slot, or decide that the
     * worker exits (and count the exit).
     * @return {@code true} with a task in the slot, {@code false} when the worker exits
     */
    boolean take(PoolWorker worker) {
        this.lock.lock();
        try {
            WorkerSet workers = this.workers;
            Backlog backlog = this.backlog;
            workers.asking(worker);
            worker.waited = false;
            AdaptiveGate adaptive = this.adaptive;
            if (adaptive != null && adaptive.returned(worker.slot)) {
                this.staffing.limitGrew();
            }
            long idleDeadline = 0L;
            boolean timed = false;
            for (;;) {
                int state = this.lifecycle.state();
                if (state >= Lifecycle.STOP || (state == Lifecycle.SHUTDOWN && backlog.isEmpty())
                        || workers.count > workers.max) {
                    return leave(worker);
                }
                boolean startable = !backlog.isEmpty() && this.lifecycle.startsTasks();
                boolean gated = adaptive != null && startable && !adaptive.admits();
                startable &= !gated;
                if (startable && !this.gate.active() && !backlog.expires() && !this.staffing.shortHanded()) {
                    dequeue(worker);
                    return true;
                }
                if (this.staffing.shortHanded() && this.staffing.restartIfDue()) {
                    continue;
                }
                long permitWait = 0L;
                if (startable) {
                    if (backlog.headIsDead()) {
                        dequeue(worker);
                        return true;
                    }
                    permitWait = this.gate.acquire(worker, this.lock);
                    if (permitWait == 0L) {
                        if (!backlog.isEmpty() && (adaptive == null || adaptive.admits())) {
                            this.gate.consume(worker);
                            dequeue(worker);
                            return true;
                        }
                        continue;
                    }
                }
                else if (worker.permitSource != null) {
                    this.gate.giveBack(worker, this.lock);
                    continue;
                }
                long wait = Math.max(permitWait, 0L);
                if (workers.count > workers.min) {
                    long now = this.ticker.read();
                    if (!timed || (!backlog.isEmpty() && !gated && idleDeadline - now <= 0L)) {
                        // A worker waiting for the rate limit is not idle; for L it is.
                        timed = true;
                        idleDeadline = now + this.idleTimeoutNanos;
                    }
                    else if (idleDeadline - now <= 0L) {
                        return leave(worker);
                    }
                    wait = (wait > 0L) ? Math.min(wait, idleDeadline - now) : idleDeadline - now;
                }
                await(worker, this.staffing.idleWait(wait), permitWait > 0L);
            }
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Wait as an idle worker, as the permit taker if {@code taker}. */
    private void await(PoolWorker worker, long nanos, boolean taker) {
        this.workers.idle++;
        this.backlog.freed();
        worker.waited = true;
        if (taker) {
            this.gate.holdTaker(worker);
        }
        try {
            if (nanos > 0L) {
                this.ticker.awaitNanos(this.notEmpty, nanos);
            }
            else {
                this.notEmpty.await();
            }
        }
        catch (InterruptedException ex) {
            // Woken to re-check the state; a stray interrupt is cleared here.
        }
        finally {
            this.workers.idle--;
            if (taker) {
                this.gate.releaseTaker(worker);
            }
        }
    }

    /** The worker exits: it gives back a permit it holds and is counted out. */
    private boolean leave(PoolWorker worker) {
        this.gate.giveBack(worker, this.lock);
        this.workers.exit(worker);
        return false;
    }

    /** Take the head of the queue for the worker. */
    private void dequeue(PoolWorker worker) {
        this.backlog.dequeue(worker.slot);
        if (this.adaptive != null) {
            this.adaptive.started(worker.slot);
        }
        if (this.backlog.isEmpty()) {
            if (this.lifecycle.state() == Lifecycle.SHUTDOWN) {
                // Idle workers may wait behind the permit taker: wake them to exit.
                this.notEmpty.signalAll();
            }
        }
        else if (this.gate.active()) {
            // Hand the permit wait on to another idle worker.
            this.notEmpty.signal();
        }
    }

    /**
     * Take a cancelled future (or the wrapper queued for it) out of the queue at once, so
     * that it frees its place and needs no worker (or permit) to be counted.
     */
    void removeCancelled(Runnable queuedAs) {
        RunSlot removed = new RunSlot();
        boolean[] ended = new boolean[1];
        boolean found = locked(() -> {
            if (!this.backlog.cancel(queuedAs, removed)) {
                return false;
            }
            if (this.lifecycle.state() == Lifecycle.SHUTDOWN && this.backlog.isEmpty()) {
                this.notEmpty.signalAll();
            }
            ended[0] = tryTerminate();
            return true;
        });
        if (found) {
            TaskRunner.abandon(queuedAs, removed.future);
            this.runner.cancelledInQueue(queuedAs, removed.queuedAt);
        }
        afterUnlock(ended[0]);
    }

    /** A worker's thread ends: see {@link Staffing#workerExited}. */
    void workerExited(PoolWorker worker, boolean exitCounted) {
        this.staffing.workerExited(worker, exitCounted);
    }

    @Nullable Throwable lastStartFailure() {
        return this.staffing.lastFailure();
    }

    void shutdown() {
        boolean[] changed = new boolean[1];
        List<PoolWorker> reserved = locked(() -> {
            changed[0] = this.lifecycle.shutdown();
            if (!changed[0]) {
                return List.<PoolWorker>of();
            }
            this.notEmpty.signalAll();
            this.backlog.roomChanged();
            tryTerminate();
            return this.staffing.forQueue();
        });
        this.staffing.start(reserved);
        afterUnlock(changed[0]);
    }

    /**
     * Move to STOP: take the queue out (in start order; futures cancelled meanwhile count
     * as cancelled) and, if asked, cancel the running tasks.
     */
    Stopped stop(boolean cancelRunning) {
        List<RunSlot> cancelled = new ArrayList<>();
        Stopped stopped = locked(() -> {
            this.lifecycle.stop();
            List<Runnable> handedBack = this.backlog.drain(cancelled);
            List<Runnable> interrupted = cancelRunning ? this.workers.cancelRunning() : List.of();
            this.gate.interruptTaker();
            this.notEmpty.signalAll();
            this.backlog.roomChanged();
            tryTerminate();
            return new Stopped(handedBack, interrupted);
        });
        for (RunSlot slot : cancelled) {
            this.runner.cancelledInQueue(slot.submitted, slot.queuedAt);
        }
        afterUnlock(true);
        return stopped;
    }

    /**
     * After a change of state, with the lock released: publish the change and, once the
     * pool terminated, close its permit source (nobody asks it any more).
     */
    private void afterUnlock(boolean changed) {
        this.lifecycle.announce(changed);
    }

    /** Terminate if nothing is left to run. Called with the lock held. */
    private boolean tryTerminate() {
        return this.lifecycle.terminateIfDone(this.workers, this.backlog);
    }

    int runState() {
        return this.lifecycle.state();
    }

    boolean awaitTermination(long nanos) throws InterruptedException {
        this.lock.lock();
        try {
            return this.lifecycle.awaitTermination(nanos);
        }
        finally {
            this.lock.unlock();
        }
    }

    /** The names of the worker threads still alive. */
    List<String> liveWorkers() {
        return locked(this.workers::liveThreadNames);
    }

    PoolStats stats(long rejected, long callerRuns) {
        return locked(() -> Snapshot.of(this.name, this.lifecycle, this.workers, this.backlog, this.gate, this.adaptive,
                rejected, callerRuns));
    }

    /**
     * The current bounds {minWorkers, maxWorkers, queueCapacity}, to check a tuning
     * update against.
     */
    int[] bounds() {
        return locked(() -> new int[] { this.workers.min, this.workers.max, this.backlog.capacity });
    }

    /** How every task run so far ended, by {@code TaskOutcome.ordinal()}. */
    long[] outcomes() {
        return locked(this.workers::outcomes);
    }

    @Nullable StartPermits permits() {
        return this.gate.source();
    }

    /**
     * Apply a checked tuning update at once.
     * @return what remains to do without the tuning's serialization: start the workers
     * the update needs, close a replaced permit source, publish a pause
     */
    Runnable apply(int minWorkers, int maxWorkers, int queueCapacity, boolean changePermits,
            @Nullable StartPermits permits, @Nullable Boolean pause) {
        boolean[] changed = new boolean[1];
        List<StartPermits> replaced = new ArrayList<>(1);
        List<PoolWorker> reserved = locked(() -> {
            this.workers.min = minWorkers;
            this.workers.max = maxWorkers;
            this.backlog.capacity = queueCapacity;
            if (changePermits) {
                replaced.add(this.gate.replace(permits));
            }
            changed[0] = pause != null && this.lifecycle.pause(pause);
            this.notEmpty.signalAll();
            this.backlog.roomChanged();
            return this.staffing.forQueue();
        });
        // What may be slow (a thread factory, closing a permit source) comes after.
        return () -> {
            this.staffing.start(reserved);
            replaced.forEach(this.gate::close);
            afterUnlock(changed[0]);
        };
    }

    /** The public state, read under the lock for {@link StateEvents}. */
    PoolState currentState() {
        return locked(this.lifecycle::publicState);
    }

}
