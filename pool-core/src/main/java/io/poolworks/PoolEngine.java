package io.poolworks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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

    private final WorkerSet workers = new WorkerSet();

    private final PermitGate gate;

    /** Where tasks taken out of the queue land when no worker takes them. */
    private final RunSlot scratch = new RunSlot();

    private int minWorkers;

    private int maxWorkers;

    private int queueCapacity;

    private int blockedProducers;

    private boolean paused;

    private long submitted;

    private long dequeued;

    private long unstarted;

    private long cancelledInQueue;

    private final AtomicBoolean permitsClosed = new AtomicBoolean();

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
        this.starts = new WorkerStarts(this.name, this.ticker, config.threadFactory(), listeners);
    }

    /**
     * Start the {@code minWorkers} workers of a new pool.
     * @throws IllegalStateException if the thread factory fails
     */
    void startMinWorkers() {
        List<PoolWorker> reserved;
        this.lock.lock();
        try {
            reserved = reserve(this.minWorkers);
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

    // ---- admission ----

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
            reserved = reserve(1);
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
        WorkerSet workers = this.workers;
        int waiting = this.queue.size();
        int free = workers.idle + workers.starting;
        Admission admission;
        if (this.paused) {
            admission = (waiting < this.queueCapacity) ? Admission.ACCEPTED : Admission.FULL;
        }
        else if (waiting < free) {
            // An idle worker takes it; a starting one will ask soon.
            admission = Admission.ACCEPTED;
            if (waiting < workers.idle) {
                this.notEmpty.signal();
            }
        }
        else if (workers.count < this.maxWorkers) {
            admission = Admission.NEEDS_WORKER;
        }
        else {
            admission = (waiting - free < this.queueCapacity) ? Admission.ACCEPTED : Admission.FULL;
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
    private Admission startWorkerFor(Runnable submitted, List<PoolWorker> reserved) {
        if (startWorkers(reserved) == null) {
            return Admission.ACCEPTED;
        }
        this.lock.lock();
        try {
            WorkerSet workers = this.workers;
            boolean room = this.queue.size() - workers.idle - workers.starting <= this.queueCapacity;
            if ((workers.count > 0 && room) || !this.queue.removeInto(submitted, this.scratch)) {
                return Admission.ACCEPTED;
            }
            this.scratch.clear();
            this.submitted--;
            return Admission.WORKER_START_FAILED;
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Count a task the caller runs itself under CALLER_RUNS: it counts as running, and
     * holds off termination, until {@link #callerFinished}.
     * @return whether the pool still runs (else the caller must reject the task)
     */
    boolean callerStarts(RunSlot slot) {
        return locked(() -> {
            if (this.runState != RUNNING) {
                return false;
            }
            this.submitted++;
            this.dequeued++;
            this.workers.addCaller(slot);
            return true;
        });
    }

    void callerFinished(RunSlot slot) {
        afterUnlock(locked(() -> this.workers.removeCaller(slot) && tryTerminate()));
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
            this.workers.asking(worker);
            worker.waited = false;
            long idleDeadline = 0L;
            boolean timed = false;
            for (;;) {
                int state = this.runState;
                if (state >= STOP || (state == SHUTDOWN && this.queue.isEmpty())
                        || this.workers.count > this.maxWorkers) {
                    return leave(worker);
                }
                boolean startable = !this.queue.isEmpty() && (!this.paused || state != RUNNING);
                if (startable && !this.gate.active() && this.config.maxQueueWaitNanos() == 0L
                        && !this.starts.failing()) {
                    dequeue(worker);
                    return true;
                }
                if (this.starts.failing() && restartMissingWorkers()) {
                    continue;
                }
                long permitWait = 0L;
                if (startable) {
                    if (isDead()) {
                        dequeue(worker);
                        return true;
                    }
                    permitWait = this.gate.acquire(worker, this.lock);
                    if (permitWait == 0L) {
                        if (!this.queue.isEmpty()) {
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
                if (this.workers.count > this.minWorkers) {
                    long now = this.ticker.read();
                    if (!timed || (!this.queue.isEmpty() && idleDeadline - now <= 0L)) {
                        // A worker is not idle while tasks wait for the rate limit.
                        timed = true;
                        idleDeadline = now + this.config.idleTimeoutNanos();
                    }
                    else if (idleDeadline - now <= 0L) {
                        return leave(worker);
                    }
                    wait = (wait > 0L) ? Math.min(wait, idleDeadline - now) : idleDeadline - now;
                }
                await(worker, this.starts.retryWait(wait, deficit()), permitWait > 0L);
            }
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Wait as an idle worker, as the permit taker if {@code taker}. */
    private void await(PoolWorker worker, long nanos, boolean taker) {
        this.workers.idle++;
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
        RunSlot slot = worker.slot;
        this.queue.pollInto(slot);
        long maxWait = this.config.maxQueueWaitNanos();
        if (maxWait > 0L) {
            slot.expired = this.ticker.read() - slot.queuedAt > maxWait;
        }
        this.dequeued++;
        if (this.blockedProducers > 0) {
            this.notFull.signal();
        }
        if (this.queue.isEmpty()) {
            if (this.runState == SHUTDOWN) {
                // Idle workers may wait behind the permit taker: wake them to exit.
                this.notEmpty.signalAll();
            }
        }
        else if (this.gate.active()) {
            // Hand the permit wait on to another idle worker.
            this.notEmpty.signal();
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
        boolean ended = false;
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
                ended = tryTerminate();
            }
        }
        finally {
            this.lock.unlock();
        }
        if (found) {
            TaskRunner.abandon(queuedAs, removed.future);
            this.runner.cancelledInQueue(queuedAs, removed.queuedAt);
        }
        afterUnlock(ended);
    }

    /** A worker's thread ends; if it ended abruptly, its place is taken by a new one. */
    void workerExited(PoolWorker worker, boolean exitCounted) {
        List<PoolWorker> replacements = locked(() -> {
            if (exitCounted) {
                return List.<PoolWorker>of();
            }
            this.workers.exit(worker);
            return reserveForQueue();
        });
        this.starts.published(worker, false, this.workers.count);
        startWorkers(replacements);
        afterUnlock(locked(this::tryTerminate));
    }

    // ---- worker starts ----

    /** Reserve up to {@code count} workers within {@code maxWorkers}. */
    private List<PoolWorker> reserve(int count) {
        return this.workers.reserve(count, this.maxWorkers, this, this.runner);
    }

    /** Reserve the workers that {@code minWorkers} and unclaimed queued tasks need. */
    private List<PoolWorker> reserveForQueue() {
        int state = this.runState;
        if (state >= STOP || (this.paused && state == RUNNING)) {
            return List.of();
        }
        WorkerSet workers = this.workers;
        int forMin = (state == RUNNING) ? this.minWorkers - workers.count : 0;
        return reserve(Math.max(forMin, this.queue.size() - workers.idle - workers.starting));
    }

    /** Whether workers are missing after a failed start. */
    private boolean deficit() {
        WorkerSet workers = this.workers;
        return this.starts.failing() && (workers.count < this.minWorkers
                || (this.queue.size() > workers.idle + workers.starting && workers.count < this.maxWorkers));
    }

    /** Retry starting missing workers, if due; releases the lock meanwhile. */
    private boolean restartMissingWorkers() {
        if (!deficit() || !this.starts.retryDue()) {
            return false;
        }
        List<PoolWorker> reserved = reserveForQueue();
        this.lock.unlock();
        try {
            startWorkers(reserved);
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
    private @Nullable Throwable startWorkers(List<PoolWorker> reserved) {
        int failed = this.starts.startAll(reserved, this.workers);
        if (failed < 0) {
            return null;
        }
        afterUnlock(locked(() -> {
            this.workers.unreserve(reserved.subList(failed, reserved.size()));
            if (deficit()) {
                // An idle worker waits for the retry.
                this.notEmpty.signal();
            }
            return tryTerminate();
        }));
        return this.starts.lastFailure();
    }

    @Nullable Throwable lastStartFailure() {
        return this.starts.lastFailure();
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
        afterUnlock(changed);
    }

    /**
     * Move to STOP: take the queue out and, if asked, cancel the running tasks. The
     * queued tasks are returned in start order; cancelled futures among them are counted
     * cancelled instead.
     */
    Stopped stop(boolean cancelRunning) {
        List<Runnable> handedBack;
        List<RunSlot> cancelled = List.of();
        int interrupted = 0;
        this.lock.lock();
        try {
            if (this.runState < STOP) {
                this.runState = STOP;
                this.paused = false;
            }
            handedBack = new ArrayList<>(this.queue.size());
            RunSlot slot = this.scratch;
            while (!this.queue.isEmpty()) {
                this.queue.pollInto(slot);
                if (slot.future != null && slot.future.isCancelled()) {
                    // Cancelled just now: its own removal comes too late to count it.
                    this.cancelledInQueue++;
                    cancelled = (cancelled.isEmpty()) ? new ArrayList<>() : cancelled;
                    RunSlot copy = new RunSlot();
                    copy.submitted = slot.submitted;
                    copy.queuedAt = slot.queuedAt;
                    cancelled.add(copy);
                }
                else {
                    this.unstarted++;
                    handedBack.add(slot.submitted);
                }
            }
            slot.clear();
            if (cancelRunning) {
                interrupted = this.workers.cancelRunning();
            }
            this.gate.interruptTaker();
            this.notEmpty.signalAll();
            this.notFull.signalAll();
            tryTerminate();
        }
        finally {
            this.lock.unlock();
        }
        for (RunSlot slot : cancelled) {
            this.runner.cancelledInQueue(slot.submitted, slot.queuedAt);
        }
        afterUnlock(true);
        return new Stopped(handedBack, interrupted);
    }

    /**
     * After a change of state, with the lock released: publish the change and, once the
     * pool terminated, close its permit source (nobody asks it any more).
     */
    private void afterUnlock(boolean changed) {
        if (changed) {
            this.stateEvents.publishChanges();
        }
        if (this.runState == TERMINATED && this.permitsClosed.compareAndSet(false, true)) {
            this.gate.close(this.gate.source());
        }
    }

    /** Terminate if nothing is left to run. Called with the lock held. */
    private boolean tryTerminate() {
        if (this.runState >= SHUTDOWN && this.runState < TERMINATED && this.workers.isEmpty() && this.queue.isEmpty()) {
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
        return locked(this.workers::liveThreadNames);
    }

    // ---- stats and tuning ----

    PoolStats stats(long rejected, long callerRuns) {
        return locked(() -> {
            TaskRunner runner = this.runner;
            long completed = runner.completed.sum();
            long failed = runner.failed.sum();
            long cancelled = runner.cancelled.sum();
            long timedOut = runner.timedOut.sum();
            long expired = runner.expired.sum();
            long running = this.dequeued - completed - failed - cancelled - timedOut - expired;
            WorkerSet workers = this.workers;
            int queued = this.queue.size();
            int free = this.paused ? 0 : workers.idle + workers.starting;
            int remaining = Math.max(0, this.queueCapacity - Math.max(0, queued - free));
            return new PoolStats(this.name, publicState(), this.minWorkers, this.maxWorkers, workers.count,
                    workers.count - workers.idle, workers.idle, workers.peak, queued, this.queueCapacity, remaining,
                    running, this.submitted, completed, failed, cancelled + this.cancelledInQueue, this.unstarted,
                    rejected, callerRuns, timedOut, expired, this.gate.waits(), this.gate.errors());
        });
    }

    /**
     * The current bounds {minWorkers, maxWorkers, queueCapacity}, to validate a tuning
     * update against.
     */
    int[] bounds() {
        return locked(() -> new int[] { this.minWorkers, this.maxWorkers, this.queueCapacity });
    }

    @Nullable StartPermits permits() {
        return this.gate.source();
    }

    /** Apply a validated tuning update at once. */
    void apply(int minWorkers, int maxWorkers, int queueCapacity, boolean changePermits, @Nullable StartPermits permits,
            @Nullable Boolean pause) {
        List<PoolWorker> reserved;
        boolean stateChanged = false;
        StartPermits replaced = null;
        this.lock.lock();
        try {
            this.minWorkers = minWorkers;
            this.maxWorkers = maxWorkers;
            this.queueCapacity = queueCapacity;
            if (changePermits) {
                replaced = this.gate.replace(permits);
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
        this.gate.close(replaced);
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
        return locked(this::publicState);
    }

}
