package io.poolworks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.poolworks.event.PoolListener;
import io.poolworks.event.TaskOutcome;
import io.poolworks.event.WorkersChanged;
import io.poolworks.spi.GuardedCalls;
import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;

/**
 * The state of a pool that one lock guards, and every decision taken on it.
 * <p>
 * <b>Design.</b> One {@link ReentrantLock} guards the queue together with every number
 * that decides where a task goes: the worker counts ({@code workers}, {@code idle},
 * {@code starting}), the run state, the pause flag, the bounds, the start gate and the
 * {@code submitted}/{@code dequeued}/{@code unstarted} counters. Because admission
 * ({@link #admit}) and removal ({@link #take}) happen under that lock, "an idle worker
 * will take this", "start a worker for this" and "the queue is full" are decided on an
 * exact view, with no ticker and no lost wake-up; and {@link #stats()} read under it is a
 * consistent snapshot. What happens after a task left the queue is counted by the
 * {@link TaskRunner} outside the lock, and {@code running} is derived as {@code dequeued}
 * minus those counts: it can lag by a task, it can never go negative. Nothing slow runs
 * under the lock: no listener, no thread start, no call to the permit source.
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
 * <b>Cancellation.</b> A worker moves the task it takes into its {@link RunSlot} under
 * the lock, so the cancel phase (also under the lock, after STOP) sees every task that
 * can still run, and the slot's protocol decides, once, how each ended.
 */
final class PoolEngine {

    static final int RUNNING = 0;

    static final int SHUTDOWN = 1;

    static final int STOP = 2;

    static final int TERMINATED = 3;

    private final PoolConfig config;

    private final String name;

    private final Ticker ticker;

    private final TaskRunner runner;

    private final @Nullable GuardedCalls<PoolListener> listeners;

    private final StateEvents stateEvents;

    private final WorkerStarts starts;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition notEmpty = this.lock.newCondition();

    private final Condition notFull = this.lock.newCondition();

    private final Condition terminated = this.lock.newCondition();

    private final TaskQueue queue;

    private final List<PoolWorker> workerList = new ArrayList<>();

    private final List<RunSlot> callerSlots = new ArrayList<>();

    private final PermitGate gate;

    private int minWorkers;

    private int maxWorkers;

    private int queueCapacity;

    private int workers;

    private int idle;

    private int starting;

    private int peakWorkers;

    private int blockedProducers;

    private boolean paused;

    private long submitted;

    private long dequeued;

    private long unstarted;

    private long cancelledInQueue;

    /** Written under the lock, read without it on fast paths. */
    private volatile int runState = RUNNING;

    PoolEngine(PoolConfig config, TaskRunner runner, @Nullable GuardedCalls<PoolListener> listeners) {
        this.config = config;
        this.name = config.name();
        this.ticker = config.ticker();
        this.runner = runner;
        this.listeners = listeners;
        this.minWorkers = config.minWorkers();
        this.maxWorkers = config.maxWorkers();
        this.queueCapacity = config.queueCapacity();
        this.queue = TaskQueue.of(config.queueOrder());
        this.gate = new PermitGate(this.name, this.ticker, config.startPermits());
        this.stateEvents = new StateEvents(this.name, listeners, this::currentState);
        this.starts = new WorkerStarts(this.name, this.ticker, config.threadFactory());
    }

    /**
     * Start the {@code minWorkers} workers of a new pool.
     * @throws IllegalStateException if the thread factory fails
     */
    void startMinWorkers() {
        List<PoolWorker> reserved;
        this.lock.lock();
        try {
            reserved = reserveWorkers(this.minWorkers - this.workers);
        }
        finally {
            this.lock.unlock();
        }
        Throwable failure = startWorkers(reserved);
        if (failure != null) {
            stop(true);
            throw new IllegalStateException("Pool '" + this.name + "' could not start its " + this.minWorkers
                    + " minWorkers: the thread factory failed: " + failure, failure);
        }
    }

    String name() {
        return this.name;
    }

    // ---- admission ----

    /**
     * Admit a task, waiting up to the given time for room. A worker reserved for it is
     * started before this returns.
     */
    Admission admit(Runnable submitted, Runnable run, @Nullable PoolFuture<?> future, long queuedAt, long key,
            long waitNanos) {
        PoolWorker reserved = null;
        this.lock.lock();
        try {
            Admission admission = offer(submitted, run, future, queuedAt, key);
            long nanos = waitNanos;
            while (admission == Admission.FULL && nanos > 0L) {
                this.blockedProducers++;
                try {
                    nanos = this.ticker.awaitNanos(this.notFull, nanos);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return Admission.INTERRUPTED;
                }
                finally {
                    this.blockedProducers--;
                }
                admission = offer(submitted, run, future, queuedAt, key);
            }
            if (admission != Admission.NEEDS_WORKER) {
                return admission;
            }
            reserved = reserveWorkers(1).get(0);
        }
        finally {
            this.lock.unlock();
        }
        return startWorkerFor(submitted, reserved);
    }

    /** Queue the task if a free worker, a new worker or the capacity allows it. */
    private Admission offer(Runnable submitted, Runnable run, @Nullable PoolFuture<?> future, long queuedAt, long key) {
        if (this.runState != RUNNING) {
            return Admission.SHUTTING_DOWN;
        }
        int waiting = this.queue.size();
        Admission admission;
        if (this.paused) {
            admission = (waiting < this.queueCapacity) ? Admission.ACCEPTED : Admission.FULL;
        }
        else if (waiting < this.idle + this.starting) {
            // An idle worker takes it; a starting one will ask soon.
            admission = Admission.ACCEPTED;
            if (waiting < this.idle) {
                this.notEmpty.signal();
            }
        }
        else if (this.workers < this.maxWorkers) {
            admission = Admission.NEEDS_WORKER;
        }
        else {
            admission = (waiting - this.idle - this.starting < this.queueCapacity) ? Admission.ACCEPTED
                    : Admission.FULL;
        }
        if (admission != Admission.FULL) {
            this.queue.add(submitted, run, future, queuedAt, key);
            this.submitted++;
            if (future != null) {
                future.owner = this;
                future.queuedAs = submitted;
            }
        }
        return admission;
    }

    /**
     * Start the worker reserved for a task. If it cannot start, the task stays queued
     * when another worker lives and the queue has room for it; otherwise it is taken
     * back.
     */
    private Admission startWorkerFor(Runnable submitted, PoolWorker reserved) {
        Throwable failure = startWorkers(List.of(reserved));
        if (failure == null) {
            return Admission.ACCEPTED;
        }
        this.lock.lock();
        try {
            boolean room = this.queue.size() - this.idle - this.starting <= this.queueCapacity;
            if ((this.workers > 0 && room) || !this.queue.removeInto(submitted, this.starts.scratch)) {
                return Admission.ACCEPTED;
            }
            this.submitted--;
            this.starts.scratch.clear();
            return Admission.WORKER_START_FAILED;
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Count a task the caller runs itself under CALLER_RUNS; it counts as running, and
     * holds off termination, until {@link #callerFinished}.
     * @return whether the pool still runs (else the caller must reject the task)
     */
    boolean callerStarts(RunSlot slot) {
        this.lock.lock();
        try {
            if (this.runState != RUNNING) {
                return false;
            }
            this.submitted++;
            this.dequeued++;
            this.callerSlots.add(slot);
            return true;
        }
        finally {
            this.lock.unlock();
        }
    }

    void callerFinished(RunSlot slot) {
        boolean ended;
        this.lock.lock();
        try {
            this.callerSlots.remove(slot);
            ended = tryTerminate();
        }
        finally {
            this.lock.unlock();
        }
        if (ended) {
            this.stateEvents.publishChanges();
        }
    }

    // ---- the worker side ----

    /**
     * Wait for the next task and move it into the worker's slot, or decide that the
     * worker exits (and count the exit).
     * @return {@code true} with a task in the slot, {@code false} when the worker exits
     */
    boolean take(PoolWorker worker) {
        this.lock.lock();
        try {
            if (worker.starting) {
                worker.starting = false;
                this.starting--;
            }
            worker.waited = false;
            long idleDeadline = 0L;
            boolean timed = false;
            for (;;) {
                int state = this.runState;
                if (state >= STOP || (state == SHUTDOWN && this.queue.isEmpty()) || this.workers > this.maxWorkers) {
                    this.gate.giveBack(worker, this.lock);
                    exit(worker);
                    return false;
                }
                List<PoolWorker> restart = restartDue();
                if (!restart.isEmpty()) {
                    this.lock.unlock();
                    try {
                        startWorkers(restart);
                    }
                    finally {
                        this.lock.lock();
                    }
                    continue;
                }
                long permitWait = 0L;
                if (!this.queue.isEmpty() && (!this.paused || state != RUNNING)) {
                    if (isDead()) {
                        dequeue(worker);
                        return true;
                    }
                    permitWait = this.gate.acquire(worker, this.lock);
                    if (permitWait == 0L) {
                        if (this.queue.isEmpty()) {
                            continue;
                        }
                        this.gate.consume(worker);
                        dequeue(worker);
                        return true;
                    }
                }
                else if (worker.permitSource != null) {
                    this.gate.giveBack(worker, this.lock);
                    continue;
                }
                long wait = Math.max(permitWait, 0L);
                long now = 0L;
                if (this.workers > this.minWorkers) {
                    now = this.ticker.read();
                    if (!timed || (!this.queue.isEmpty() && idleDeadline - now <= 0L)) {
                        // A worker is not idle while tasks wait for the rate limit.
                        timed = true;
                        idleDeadline = now + this.config.idleTimeoutNanos();
                    }
                    else if (idleDeadline - now <= 0L) {
                        this.gate.giveBack(worker, this.lock);
                        exit(worker);
                        return false;
                    }
                    wait = (wait > 0L) ? Math.min(wait, idleDeadline - now) : idleDeadline - now;
                }
                wait = this.starts.retryWait(wait, deficit());
                await(worker, wait, permitWait > 0L);
            }
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Wait as an idle worker, as the permit taker if {@code taker}. */
    private void await(PoolWorker worker, long nanos, boolean taker) {
        this.idle++;
        if (this.blockedProducers > 0) {
            this.notFull.signal();
        }
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
            this.idle--;
            if (taker) {
                this.gate.releaseTaker(worker);
            }
        }
    }

    /** Take the head of the queue for the worker. */
    private void dequeue(PoolWorker worker) {
        RunSlot slot = worker.slot;
        long maxWait = this.config.maxQueueWaitNanos();
        this.queue.pollInto(slot);
        slot.expired = maxWait > 0L && this.ticker.read() - slot.queuedAt > maxWait;
        this.dequeued++;
        if (this.blockedProducers > 0) {
            this.notFull.signal();
        }
        if (this.gate.active() && !this.queue.isEmpty()) {
            // Hand the permit wait on to another idle worker.
            this.notEmpty.signal();
        }
        if (this.runState == SHUTDOWN && this.queue.isEmpty()) {
            // Idle workers may wait behind the permit taker: wake them to exit.
            this.notEmpty.signalAll();
        }
    }

    /** Whether the head will not run: its future was cancelled, or it waited too long. */
    private boolean isDead() {
        PoolFuture<?> future = this.queue.headFuture();
        if (future != null && future.isCancelled()) {
            return true;
        }
        long maxWait = this.config.maxQueueWaitNanos();
        return maxWait > 0L && this.ticker.read() - this.queue.headQueuedAt() > maxWait;
    }

    /**
     * Take a cancelled future (or the wrapper queued for it) out of the queue at once, so
     * that it frees its place and needs no worker (or permit) to be counted.
     */
    void removeCancelled(Runnable queuedAs) {
        RunSlot removed = new RunSlot();
        boolean found;
        this.lock.lock();
        try {
            found = this.queue.removeInto(queuedAs, removed);
            if (found) {
                this.cancelledInQueue++;
                if (this.blockedProducers > 0) {
                    this.notFull.signal();
                }
                if (this.runState == SHUTDOWN && this.queue.isEmpty()) {
                    this.notEmpty.signalAll();
                }
                tryTerminate();
            }
        }
        finally {
            this.lock.unlock();
        }
        if (found) {
            TaskRunner.abandon(queuedAs, removed.future);
            GuardedCalls<PoolListener> listeners = this.listeners;
            if (listeners != null) {
                long waited = this.ticker.read() - removed.queuedAt;
                listeners.call((listener, task) -> listener.taskFinished(this.name, task, TaskOutcome.CANCELLED, waited,
                        0L, null), queuedAs);
            }
        }
    }

    /** Count the worker out: it leaves the count and the list together. */
    private void exit(PoolWorker worker) {
        this.workers--;
        this.workerList.remove(worker);
    }

    void workerExited(PoolWorker worker, boolean exitCounted) {
        boolean ended;
        List<PoolWorker> replacements = List.of();
        this.lock.lock();
        try {
            if (!exitCounted) {
                if (worker.starting) {
                    this.starting--;
                }
                exit(worker);
                replacements = reserveForQueue();
            }
            ended = tryTerminate();
        }
        finally {
            this.lock.unlock();
        }
        publishWorker(worker, false);
        startWorkers(replacements);
        if (ended) {
            this.stateEvents.publishChanges();
        }
    }

    // ---- workers ----

    /**
     * Reserve up to {@code count} workers within {@code maxWorkers}; never leaves a
     * half-done reservation.
     */
    private List<PoolWorker> reserveWorkers(int count) {
        int wanted = Math.min(count, this.maxWorkers - this.workers);
        if (wanted <= 0) {
            return List.of();
        }
        List<PoolWorker> reserved = new ArrayList<>(wanted);
        try {
            while (reserved.size() < wanted) {
                PoolWorker worker = new PoolWorker(this, this.runner);
                this.workerList.add(worker);
                reserved.add(worker);
                this.workers++;
                this.starting++;
            }
        }
        catch (Throwable ex) {
            unreserve(reserved);
            throw ex;
        }
        this.peakWorkers = Math.max(this.peakWorkers, this.workers);
        return reserved;
    }

    private void unreserve(List<PoolWorker> reserved) {
        for (PoolWorker worker : reserved) {
            if (this.workerList.remove(worker)) {
                this.workers--;
                this.starting--;
            }
        }
    }

    /** Reserve the workers that {@code minWorkers} and unclaimed queued tasks need. */
    private List<PoolWorker> reserveForQueue() {
        int state = this.runState;
        if (state >= STOP || (this.paused && state == RUNNING)) {
            return List.of();
        }
        int forMin = (state == RUNNING) ? this.minWorkers - this.workers : 0;
        int unclaimed = this.queue.size() - this.idle - this.starting;
        return reserveWorkers(Math.max(forMin, unclaimed));
    }

    /** Whether workers are missing after a failed start. */
    private boolean deficit() {
        return this.starts.failing() && (this.workers < this.minWorkers
                || (this.queue.size() > this.idle + this.starting && this.workers < this.maxWorkers));
    }

    /** The workers to start now, if a failed start is due for a retry. */
    private List<PoolWorker> restartDue() {
        return (deficit() && this.starts.retryDue()) ? reserveForQueue() : List.of();
    }

    /**
     * Start reserved workers, outside the lock; after the first failure the rest are
     * unreserved, so that a failing factory is not hammered and no phantom worker is left
     * counted.
     * @return the failure, or {@code null} if all started
     */
    private @Nullable Throwable startWorkers(List<PoolWorker> reserved) {
        for (int i = 0; i < reserved.size(); i++) {
            PoolWorker worker = reserved.get(i);
            Throwable failure = this.starts.start(worker);
            if (failure != null) {
                boolean ended;
                this.lock.lock();
                try {
                    unreserve(reserved.subList(i, reserved.size()));
                    ended = tryTerminate();
                }
                finally {
                    this.lock.unlock();
                }
                if (ended) {
                    this.stateEvents.publishChanges();
                }
                return failure;
            }
            publishWorker(worker, true);
        }
        return null;
    }

    @Nullable Throwable lastStartFailure() {
        return this.starts.lastFailure();
    }

    private void publishWorker(PoolWorker worker, boolean started) {
        GuardedCalls<PoolListener> listeners = this.listeners;
        if (listeners != null) {
            listeners.call(PoolListener::workersChanged,
                    new WorkersChanged(this.name, worker.threadName(), started, this.workers));
        }
    }

    // ---- shutdown ----

    void shutdown() {
        List<PoolWorker> reserved = List.of();
        boolean changed;
        this.lock.lock();
        try {
            changed = (this.runState == RUNNING);
            if (changed) {
                this.runState = SHUTDOWN;
                this.paused = false;
                reserved = reserveForQueue();
                this.notEmpty.signalAll();
                this.notFull.signalAll();
                tryTerminate();
            }
        }
        finally {
            this.lock.unlock();
        }
        startWorkers(reserved);
        if (changed) {
            this.stateEvents.publishChanges();
        }
    }

    /**
     * Move to STOP: take the queue out and, if asked, cancel the running tasks. The
     * queue's tasks are returned in start order; cancelled futures among them are counted
     * cancelled, not returned.
     */
    Stopped stop(boolean cancelRunning) {
        List<Runnable> handedBack;
        int interrupted = 0;
        this.lock.lock();
        try {
            if (this.runState < STOP) {
                this.runState = STOP;
                this.paused = false;
            }
            handedBack = new ArrayList<>(this.queue.size());
            RunSlot slot = this.starts.scratch;
            while (!this.queue.isEmpty()) {
                this.queue.pollInto(slot);
                if (slot.future != null && slot.future.isCancelled()) {
                    this.cancelledInQueue++;
                }
                else {
                    this.unstarted++;
                    handedBack.add(slot.submitted);
                }
            }
            slot.clear();
            if (cancelRunning) {
                for (PoolWorker worker : this.workerList) {
                    interrupted += worker.slot.cancel(false) ? 1 : 0;
                }
                for (RunSlot caller : this.callerSlots) {
                    interrupted += caller.cancel(false) ? 1 : 0;
                }
            }
            this.gate.interruptTaker();
            this.notEmpty.signalAll();
            this.notFull.signalAll();
            tryTerminate();
        }
        finally {
            this.lock.unlock();
        }
        this.stateEvents.publishChanges();
        return new Stopped(handedBack, interrupted);
    }

    /** Terminate if nothing is left to run. Called with the lock held. */
    private boolean tryTerminate() {
        if (this.runState >= SHUTDOWN && this.runState < TERMINATED && this.workers == 0 && this.queue.isEmpty()
                && this.callerSlots.isEmpty()) {
            this.runState = TERMINATED;
            this.terminated.signalAll();
            this.runner.close();
            return true;
        }
        return false;
    }

    int runState() {
        return this.runState;
    }

    boolean awaitTermination(long nanos) throws InterruptedException {
        long left = nanos;
        this.lock.lock();
        try {
            while (this.runState != TERMINATED) {
                if (left <= 0L) {
                    return false;
                }
                left = this.terminated.awaitNanos(left);
            }
            return true;
        }
        finally {
            this.lock.unlock();
        }
    }

    /** The names of the worker threads still alive. */
    List<String> liveWorkers() {
        this.lock.lock();
        try {
            List<String> names = new ArrayList<>();
            for (PoolWorker worker : this.workerList) {
                Thread thread = worker.slot.thread;
                if (thread != null && thread.isAlive()) {
                    names.add(thread.getName());
                }
            }
            return names;
        }
        finally {
            this.lock.unlock();
        }
    }

    // ---- stats and tuning ----

    PoolStats stats(long rejected, long callerRuns) {
        this.lock.lock();
        try {
            TaskRunner runner = this.runner;
            long completed = runner.completed.sum();
            long failed = runner.failed.sum();
            long cancelled = runner.cancelled.sum();
            long timedOut = runner.timedOut.sum();
            long expired = runner.expired.sum();
            long running = this.dequeued - completed - failed - cancelled - timedOut - expired;
            int queued = this.queue.size();
            int free = this.paused ? 0 : this.idle + this.starting;
            int remaining = Math.max(0, this.queueCapacity - Math.max(0, queued - free));
            return new PoolStats(this.name, publicState(), this.minWorkers, this.maxWorkers, this.workers,
                    this.workers - this.idle, this.idle, this.peakWorkers, queued, this.queueCapacity, remaining,
                    running, this.submitted, completed, failed, cancelled + this.cancelledInQueue, this.unstarted,
                    rejected, callerRuns, timedOut, expired, this.gate.waits(), this.gate.errors());
        }
        finally {
            this.lock.unlock();
        }
    }

    /** The current bounds, for validating a tuning update against. */
    int[] bounds() {
        this.lock.lock();
        try {
            return new int[] { this.minWorkers, this.maxWorkers, this.queueCapacity };
        }
        finally {
            this.lock.unlock();
        }
    }

    @Nullable StartPermits permits() {
        return this.gate.source();
    }

    /** Apply a validated tuning update at once. */
    void apply(int minWorkers, int maxWorkers, int queueCapacity, boolean changePermits, @Nullable StartPermits permits,
            @Nullable Boolean pause) {
        List<PoolWorker> reserved;
        boolean stateChanged = false;
        this.lock.lock();
        try {
            this.minWorkers = minWorkers;
            this.maxWorkers = maxWorkers;
            this.queueCapacity = queueCapacity;
            if (changePermits) {
                this.gate.replace(permits);
            }
            if (pause != null && this.runState == RUNNING && pause != this.paused) {
                this.paused = pause;
                stateChanged = true;
            }
            reserved = reserveForQueue();
            this.notEmpty.signalAll();
            this.notFull.signalAll();
        }
        finally {
            this.lock.unlock();
        }
        startWorkers(reserved);
        if (stateChanged) {
            this.stateEvents.publishChanges();
        }
    }

    private PoolState publicState() {
        return switch (this.runState) {
            case RUNNING -> this.paused ? PoolState.PAUSED : PoolState.RUNNING;
            case TERMINATED -> PoolState.TERMINATED;
            default -> PoolState.DRAINING;
        };
    }

    /** The public state, read under the lock for {@link StateEvents}. */
    PoolState currentState() {
        this.lock.lock();
        try {
            return publicState();
        }
        finally {
            this.lock.unlock();
        }
    }

    /** What {@link #admit} decided. */
    enum Admission {

        ACCEPTED, NEEDS_WORKER, FULL, SHUTTING_DOWN, INTERRUPTED, WORKER_START_FAILED

    }

    /**
     * What {@link #stop} did.
     *
     * @param unstarted the tasks taken out of the queue, in start order
     * @param interrupted the number of running tasks cancelled
     */
    record Stopped(List<Runnable> unstarted, int interrupted) {

    }

}
