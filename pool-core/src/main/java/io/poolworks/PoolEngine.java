package io.poolworks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.poolworks.event.PoolListener;
import io.poolworks.event.TaskFinished;
import io.poolworks.event.TaskOutcome;
import io.poolworks.event.TaskRejected;
import io.poolworks.event.WorkersChanged;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one engine behind every {@link WorkerPool}.
 * <p>
 * <b>Design.</b> One {@link ReentrantLock} guards the queue together with every number
 * that decides where a task goes: the worker counts ({@code workers}, {@code idle},
 * {@code starting}), the run state, the pause flag, the bounds and the
 * {@code submitted}/{@code dequeued}/{@code unstarted} counters. Because admission
 * ({@link #offer}) and removal ({@link #take}) happen under that lock, "an idle worker
 * will take this", "start a worker for this" and "the queue is full" are decided on an
 * exact view, with no ticker and no lost wake-up; and {@link #stats()} read under it is a
 * consistent snapshot. What changes after a task ran (completed, failed, cancelled) is
 * counted in {@link LongAdder}s outside the lock, and {@code running} is derived as
 * {@code dequeued} minus those: it can lag by a task, it can never go negative.
 * <p>
 * <b>State machine.</b> RUNNING (optionally paused) → SHUTDOWN (no new tasks, the queue
 * drains) → STOP (the queue is handed back, running tasks are cancelled) → TERMINATED
 * (the queue is empty and no worker is left). States only move forward.
 * <p>
 * <b>Invariants</b> (under the lock): {@code idle + starting <= workers}; a task is
 * admitted only when an idle or starting worker is free for it, a new worker is reserved
 * for it, or fewer than {@code queueCapacity} tasks wait beyond the free workers; and
 * {@code submitted == dequeued + queue.size() + unstarted + cancelledInQueue}.
 * <p>
 * <b>Cancellation.</b> A worker records the task it takes in {@link PoolWorker#current}
 * under the lock, so the cancel phase (also under the lock, after STOP) sees every task
 * that can still run. A plain task is cancelled by a CAS on {@link PoolTask}, a future by
 * {@link java.util.concurrent.FutureTask#cancel}; either way exactly one of the worker
 * and the canceller decides how the task is counted.
 */
final class PoolEngine extends AbstractExecutorService implements WorkerPool, PoolTuning {

    private static final Logger logger = LoggerFactory.getLogger(WorkerPool.class);

    private static final int RUNNING = 0;

    private static final int SHUTDOWN = 1;

    private static final int STOP = 2;

    private static final int TERMINATED = 3;

    /** What {@link #offer} answers when it did not reserve a worker. */
    private enum Admission {

        ACCEPTED, FULL, SHUTTING_DOWN, INTERRUPTED

    }

    private final PoolConfig config;

    private final String name;

    private final @Nullable Listeners listeners;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition notEmpty = this.lock.newCondition();

    private final Condition notFull = this.lock.newCondition();

    private final Condition terminated = this.lock.newCondition();

    private final TaskQueue queue;

    private final Set<PoolWorker> workerSet = new HashSet<>();

    private int minWorkers;

    private int maxWorkers;

    private int queueCapacity;

    private int workers;

    private int idle;

    private int starting;

    private int peakWorkers;

    private int blockedProducers;

    private boolean paused;

    private @Nullable StartGate startGate;

    /** Whether a worker is already waiting for the start gate's next token. */
    private boolean tokenWaiter;

    private long rateLimitWaits;

    private long submitted;

    private long dequeued;

    private long unstarted;

    private long cancelledInQueue;

    /** Written under the lock, read without it on fast paths. */
    private volatile int runState = RUNNING;

    private final LongAdder completed = new LongAdder();

    private final LongAdder failed = new LongAdder();

    private final LongAdder cancelled = new LongAdder();

    private final LongAdder rejected = new LongAdder();

    private final LongAdder callerRuns = new LongAdder();

    private final LongAdder timedOut = new LongAdder();

    private final LongAdder expired = new LongAdder();

    private final @Nullable TaskTimeouts timeouts;

    /** Whether tasks need the time they were queued: for events, expiry or aging. */
    private final boolean stampTasks;

    /** The origin of aged priority keys, so that they stay far from overflow. */
    private final long agingOrigin = System.nanoTime();

    private final GracefulShutdown gracefulShutdown = new GracefulShutdown(this);

    private final StateEvents stateEvents;

    PoolEngine(PoolConfig config) {
        this.config = config;
        this.name = config.name();
        this.listeners = config.listeners().isEmpty() ? null : new Listeners(this.name, config.listeners());
        this.minWorkers = config.minWorkers();
        this.maxWorkers = config.maxWorkers();
        this.queueCapacity = config.queueCapacity();
        this.queue = TaskQueue.of(config.queueOrder());
        this.startGate = (config.startPermits() != null) ? new StartGate(config.startPermits()) : null;
        this.timeouts = (config.taskTimeoutNanos() > 0L) ? new TaskTimeouts(this.name, config.taskTimeoutNanos())
                : null;
        this.stampTasks = this.listeners != null || config.maxQueueWaitNanos() > 0L || config.agingNanos() > 0L;
        this.stateEvents = new StateEvents(this.name, this.listeners, this::currentState);
        List<PoolWorker> initial = new ArrayList<>();
        this.lock.lock();
        try {
            while (this.workers < this.minWorkers) {
                initial.add(reserveWorker());
            }
        }
        finally {
            this.lock.unlock();
        }
        for (PoolWorker worker : initial) {
            Throwable failure = startWorker(worker);
            if (failure != null) {
                shutdownNow();
                throw new IllegalStateException("Pool '" + this.name + "' could not start its " + this.minWorkers
                        + " minWorkers: the thread factory failed: " + failure, failure);
            }
        }
    }

    @Override
    public String name() {
        return this.name;
    }

    // ---- submission ----

    @Override
    public void execute(Runnable task) {
        enqueue(wrap(task));
    }

    @Override
    public void execute(Runnable task, int priority) {
        enqueue(wrap(task, priority));
    }

    @Override
    public <T> Future<T> submit(Callable<T> task, int priority) {
        Check.notNull("task", task, this.name);
        PoolFuture<T> future = new PoolFuture<>(this.name, task);
        execute(future, priority);
        return future;
    }

    private void enqueue(PoolTask poolTask) {
        SaturationPolicy policy = this.config.saturationPolicy();
        long waitNanos = (policy == SaturationPolicy.BLOCK) ? this.config.blockTimeoutNanos() : 0L;
        Object admission = admit(poolTask, waitNanos);
        if (admission == Admission.ACCEPTED) {
            return;
        }
        if (admission instanceof PoolWorker worker) {
            Throwable failure = startWorkerFor(poolTask, worker);
            if (failure != null) {
                throw reject(poolTask, RejectionReason.WORKER_START_FAILED, failure);
            }
            return;
        }
        if (admission == Admission.FULL && policy == SaturationPolicy.CALLER_RUNS) {
            runInCaller(poolTask);
            return;
        }
        throw reject(poolTask, reasonFor((Admission) admission), null);
    }

    @Override
    public boolean tryExecute(Runnable task) {
        return tryAdmit(wrap(task), 0L);
    }

    @Override
    public boolean tryExecute(Runnable task, Duration timeout) {
        PoolTask poolTask = wrap(task);
        Check.notNull("timeout", timeout, this.name);
        return tryAdmit(poolTask, timeout.isNegative() ? 0L : timeout.toNanos());
    }

    @Override
    public <T> Future<T> submit(Task<T> task) {
        Check.notNull("task", task, this.name);
        PoolFuture<T> future = PoolFuture.of(this.name, task);
        execute(future);
        return future;
    }

    @Override
    public Future<?> submit(Runnable task) {
        return super.submit(Check.notNull("task", task, this.name));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return super.submit(Check.notNull("task", task, this.name), result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return super.submit(Check.notNull("task", task, this.name));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new PoolFuture<>(this.name, callable);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new PoolFuture<>(this.name, runnable, value);
    }

    private PoolTask wrap(Runnable task) {
        Check.notNull("task", task, this.name);
        Runnable runnable = decorate(task);
        int priority = (task instanceof Prioritized prioritized) ? prioritized.priority()
                : (runnable instanceof Prioritized prioritized) ? prioritized.priority() : 0;
        return newTask(task, runnable, priority);
    }

    private PoolTask wrap(Runnable task, int priority) {
        Check.notNull("task", task, this.name);
        return newTask(task, decorate(task), priority);
    }

    private PoolTask newTask(Runnable task, Runnable runnable, int priority) {
        if (task instanceof PoolFuture<?> future) {
            future.owner = this;
        }
        long now = this.stampTasks ? System.nanoTime() : 0L;
        long aging = this.config.agingNanos();
        long key = (aging > 0L) ? agedKey(priority, aging, now - this.agingOrigin) : priority;
        return new PoolTask(task, runnable, now, key);
    }

    /**
     * A key that grows by one priority level per aging interval of waiting: it is fixed
     * at admission, so ordering by it costs nothing more at dequeue.
     */
    private static long agedKey(int priority, long agingNanos, long age) {
        long scaled;
        try {
            scaled = Math.multiplyExact(priority, agingNanos);
        }
        catch (ArithmeticException ex) {
            scaled = (priority > 0) ? Long.MAX_VALUE / 2 : Long.MIN_VALUE / 2;
        }
        return scaled - age;
    }

    private Runnable decorate(Runnable task) {
        TaskDecorator decorator = this.config.taskDecorator();
        if (decorator == null) {
            return task;
        }
        try {
            Runnable decorated = decorator.decorate(task);
            return (decorated != null) ? decorated : task;
        }
        catch (Throwable ex) {
            logger.warn("Task decorator of pool '{}' failed on {}; running the task undecorated", this.name, task, ex);
            return task;
        }
    }

    private boolean tryAdmit(PoolTask task, long waitNanos) {
        Object admission = admit(task, waitNanos);
        if (admission == Admission.ACCEPTED) {
            return true;
        }
        if (admission instanceof PoolWorker worker) {
            Throwable failure = startWorkerFor(task, worker);
            if (failure != null) {
                reject(task, RejectionReason.WORKER_START_FAILED, failure);
                return false;
            }
            return true;
        }
        reject(task, reasonFor((Admission) admission), null);
        return false;
    }

    /**
     * Offer the task, waiting up to the given time for room.
     * @return an {@link Admission}, or the {@link PoolWorker} reserved to run the task
     */
    private Object admit(PoolTask task, long waitNanos) {
        this.lock.lock();
        try {
            Object admission = offer(task);
            long nanos = waitNanos;
            while (admission == Admission.FULL && nanos > 0L) {
                this.blockedProducers++;
                try {
                    nanos = this.notFull.awaitNanos(nanos);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return Admission.INTERRUPTED;
                }
                finally {
                    this.blockedProducers--;
                }
                admission = offer(task);
            }
            return admission;
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Admit the task if a free worker, a new worker or the queue's capacity allows it.
     * Called with the lock held.
     * @return an {@link Admission}, or the {@link PoolWorker} reserved to run the task
     */
    private Object offer(PoolTask task) {
        if (this.runState != RUNNING) {
            return Admission.SHUTTING_DOWN;
        }
        TaskQueue queue = this.queue;
        int waiting = queue.size();
        task.sequence = this.submitted;
        if (this.paused) {
            if (waiting >= this.queueCapacity) {
                return Admission.FULL;
            }
            queue.add(task);
            this.submitted++;
            return Admission.ACCEPTED;
        }
        int free = this.idle + this.starting;
        if (waiting < free) {
            queue.add(task);
            this.submitted++;
            this.notEmpty.signal();
            return Admission.ACCEPTED;
        }
        if (this.workers < this.maxWorkers) {
            queue.add(task);
            this.submitted++;
            return reserveWorker();
        }
        if (waiting - free < this.queueCapacity) {
            queue.add(task);
            this.submitted++;
            return Admission.ACCEPTED;
        }
        return Admission.FULL;
    }

    private void runInCaller(PoolTask task) {
        this.lock.lock();
        try {
            if (this.runState != RUNNING) {
                throw reject(task, RejectionReason.SHUTTING_DOWN, null);
            }
            this.submitted++;
            this.dequeued++;
        }
        finally {
            this.lock.unlock();
        }
        this.callerRuns.increment();
        runTask(task, null);
    }

    private static RejectionReason reasonFor(Admission admission) {
        return switch (admission) {
            case SHUTTING_DOWN -> RejectionReason.SHUTTING_DOWN;
            case INTERRUPTED -> RejectionReason.INTERRUPTED;
            default -> RejectionReason.QUEUE_FULL;
        };
    }

    private RejectedTaskException reject(PoolTask task, RejectionReason reason, @Nullable Throwable cause) {
        this.rejected.increment();
        Listeners listeners = this.listeners;
        if (listeners != null) {
            listeners.publish(PoolListener::taskRejected, new TaskRejected(this.name, task.submitted, reason));
        }
        return new RejectedTaskException(this.name, reason, rejectionMessage(reason, cause), cause);
    }

    private String rejectionMessage(RejectionReason reason, @Nullable Throwable cause) {
        return switch (reason) {
            case QUEUE_FULL -> "Pool '" + this.name + "' is full: all " + this.maxWorkers + " maxWorkers are busy and "
                    + this.queueCapacity + " tasks (queueCapacity) are waiting; use tryExecute to shed load, raise "
                    + "maxWorkers or queueCapacity, or choose SaturationPolicy.BLOCK or CALLER_RUNS";
            case SHUTTING_DOWN -> "Pool '" + this.name + "' is shutting down and accepts no new tasks";
            case INTERRUPTED -> "Pool '" + this.name + "' was full and the submitting thread was interrupted while "
                    + "it waited for room";
            case WORKER_START_FAILED -> "Pool '" + this.name + "' could not start a worker for the task: " + cause;
        };
    }

    // ---- workers ----

    /** Reserve a worker that will ask for a task soon. Called with the lock held. */
    private PoolWorker reserveWorker() {
        PoolWorker worker = new PoolWorker(this);
        this.workerSet.add(worker);
        this.workers++;
        this.starting++;
        if (this.workers > this.peakWorkers) {
            this.peakWorkers = this.workers;
        }
        return worker;
    }

    /**
     * Reserve the workers that queued tasks need and nobody takes. Called with the lock
     * held.
     */
    private List<PoolWorker> reserveWorkersForQueue() {
        List<PoolWorker> reserved = new ArrayList<>();
        if (this.runState == RUNNING) {
            while (this.workers < this.minWorkers) {
                reserved.add(reserveWorker());
            }
        }
        int unclaimed = this.queue.size() - this.idle - this.starting;
        while (unclaimed-- > 0 && this.workers < this.maxWorkers && this.runState < STOP) {
            reserved.add(reserveWorker());
        }
        return reserved;
    }

    private void startWorkers(List<PoolWorker> reserved) {
        for (PoolWorker worker : reserved) {
            startWorker(worker);
        }
    }

    /**
     * Start a reserved worker; on failure, forget it.
     * @return the failure, or {@code null} when the worker runs
     */
    private @Nullable Throwable startWorker(PoolWorker worker) {
        Throwable failure;
        try {
            Thread thread = this.config.threadFactory().newThread(worker);
            if (thread != null) {
                worker.thread = thread;
                thread.start();
                Listeners listeners = this.listeners;
                if (listeners != null) {
                    listeners.publish(PoolListener::workersChanged,
                            new WorkersChanged(this.name, thread.getName(), true, this.workers));
                }
                return null;
            }
            failure = new IllegalStateException("threadFactory returned null");
        }
        catch (Throwable ex) {
            failure = ex;
        }
        logger.warn("Pool '{}' could not start a worker", this.name, failure);
        boolean ended;
        this.lock.lock();
        try {
            this.workerSet.remove(worker);
            this.workers--;
            this.starting--;
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

    /**
     * Start the worker reserved for a task; if it cannot start and the task is still
     * queued, take the task back so the caller can be told.
     */
    private @Nullable Throwable startWorkerFor(PoolTask task, PoolWorker worker) {
        Throwable failure = startWorker(worker);
        if (failure == null) {
            return null;
        }
        this.lock.lock();
        try {
            if (this.queue.remove(task)) {
                this.submitted--;
                return failure;
            }
            return null;
        }
        finally {
            this.lock.unlock();
        }
    }

    void runWorker(PoolWorker worker) {
        boolean exitCounted = false;
        try {
            PoolTask task;
            while ((task = take(worker)) != null) {
                runTask(task, worker);
            }
            exitCounted = true;
        }
        finally {
            workerExited(worker, exitCounted);
        }
    }

    /**
     * Wait for the next task, or decide that the worker exits (and count the exit). A
     * task whose future was cancelled or whose queue wait expired is handed out without a
     * token, so that the worker can account for it; any other task needs the start gate's
     * token, and only one worker at a time waits for the next token.
     * @return the task, or {@code null} when the worker must exit
     */
    private @Nullable PoolTask take(PoolWorker worker) {
        this.lock.lock();
        try {
            worker.current = null;
            if (worker.starting) {
                worker.starting = false;
                this.starting--;
            }
            long idleDeadline = 0L;
            boolean timed = false;
            for (;;) {
                int state = this.runState;
                if (state >= STOP || (state == SHUTDOWN && this.queue.isEmpty()) || this.workers > this.maxWorkers) {
                    return exit(worker);
                }
                long tokenWait = 0L;
                PoolTask head = null;
                if (!this.paused || state != RUNNING) {
                    head = this.queue.peek();
                    if (head != null) {
                        StartGate gate = this.startGate;
                        if (gate == null && this.config.maxQueueWaitNanos() == 0L) {
                            return dequeue(worker);
                        }
                        tokenWait = (isDead(head) || gate == null) ? 0L : gate.tryStart();
                        if (tokenWait == 0L) {
                            return dequeue(worker);
                        }
                    }
                }
                // Only a worker above minWorkers keeps an idle clock: the others skip the
                // read.
                long now = (this.workers > this.minWorkers) ? System.nanoTime() : 0L;
                if (this.workers > this.minWorkers) {
                    if (!timed || (head != null && idleDeadline - now <= 0L)) {
                        // A worker is not idle while tasks wait for the rate limit.
                        timed = true;
                        idleDeadline = now + this.config.idleTimeoutNanos();
                    }
                    else if (idleDeadline - now <= 0L) {
                        return exit(worker);
                    }
                }
                else {
                    timed = false;
                }
                boolean waitsForToken = tokenWait > 0L && !this.tokenWaiter;
                this.idle++;
                if (this.blockedProducers > 0) {
                    this.notFull.signal();
                }
                try {
                    if (waitsForToken) {
                        this.tokenWaiter = true;
                        this.rateLimitWaits++;
                        this.notEmpty.awaitNanos(timed ? Math.min(tokenWait, idleDeadline - now) : tokenWait);
                    }
                    else if (timed) {
                        this.notEmpty.awaitNanos(idleDeadline - now);
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
                    if (waitsForToken) {
                        this.tokenWaiter = false;
                    }
                }
            }
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Take a cancelled future out of the queue at once, so that it frees its place and
     * does not wait for a worker (or a token) to be counted.
     */
    void removeCancelled(PoolFuture<?> future) {
        PoolTask removed;
        this.lock.lock();
        try {
            removed = this.queue.removeSubmitted(future);
            if (removed != null) {
                this.cancelledInQueue++;
                if (this.blockedProducers > 0) {
                    this.notFull.signal();
                }
                signalIfDrained();
                tryTerminate();
            }
        }
        finally {
            this.lock.unlock();
        }
        Listeners listeners = this.listeners;
        if (removed != null && listeners != null) {
            listeners.publish(PoolListener::taskFinished, new TaskFinished(this.name, future, TaskOutcome.CANCELLED,
                    System.nanoTime() - removed.queuedAt, 0L, null));
        }
    }

    /**
     * Count the worker out: it leaves the count and the set together, so that a pool that
     * terminated never lists a worker that already left as stuck. Called with the lock
     * held.
     */
    private @Nullable PoolTask exit(PoolWorker worker) {
        this.workers--;
        this.workerSet.remove(worker);
        return null;
    }

    /** Take the head of the queue for the worker. Called with the lock held. */
    private PoolTask dequeue(PoolWorker worker) {
        PoolTask task = this.queue.poll();
        this.dequeued++;
        worker.current = task;
        if (this.blockedProducers > 0) {
            this.notFull.signal();
        }
        if (this.startGate != null && !this.queue.isEmpty()) {
            // Hand the wait for the next token on to another idle worker.
            this.notEmpty.signal();
        }
        signalIfDrained();
        return task;
    }

    /**
     * Wake every idle worker when a shutdown's queue runs empty, so that they exit. Idle
     * workers can be waiting on a non-empty queue: behind the worker that waits for the
     * next token. Called with the lock held.
     */
    private void signalIfDrained() {
        if (this.runState == SHUTDOWN && this.queue.isEmpty()) {
            this.notEmpty.signalAll();
        }
    }

    /**
     * Whether the task will not run: its future was cancelled, or it waited longer than
     * the maximum queue wait (then it is marked expired). Called with the lock held.
     */
    private boolean isDead(PoolTask task) {
        if (task.submitted instanceof PoolFuture<?> future && future.isCancelled()) {
            return true;
        }
        long maxWait = this.config.maxQueueWaitNanos();
        if (maxWait > 0L && System.nanoTime() - task.queuedAt > maxWait) {
            task.expired = true;
            return true;
        }
        return false;
    }

    private void workerExited(PoolWorker worker, boolean exitCounted) {
        boolean ended;
        List<PoolWorker> replacements = List.of();
        this.lock.lock();
        try {
            this.workerSet.remove(worker);
            if (!exitCounted) {
                this.workers--;
                if (worker.starting) {
                    this.starting--;
                }
                replacements = reserveWorkersForQueue();
            }
            ended = tryTerminate();
        }
        finally {
            this.lock.unlock();
        }
        Listeners listeners = this.listeners;
        if (listeners != null) {
            listeners.publish(PoolListener::workersChanged,
                    new WorkersChanged(this.name, worker.threadName(), false, this.workers));
        }
        startWorkers(replacements);
        if (ended) {
            this.stateEvents.publishChanges();
        }
    }

    private void runTask(PoolTask task, @Nullable PoolWorker worker) {
        if (task.expired) {
            expire(task);
            return;
        }
        boolean plain = !(task.submitted instanceof PoolFuture);
        if (worker != null && Thread.interrupted() && (this.runState >= STOP || task.isCancelled())) {
            // Keep an interrupt meant for this task; drop one left over from the previous
            // task.
            Thread.currentThread().interrupt();
        }
        Listeners listeners = this.listeners;
        long startedAt = (listeners != null) ? System.nanoTime() : 0L;
        Throwable thrown = null;
        if (!plain || !task.isCancelled()) {
            ScheduledFuture<?> timeout = (this.timeouts != null && worker != null)
                    ? this.timeouts.watch(task, Thread.currentThread()) : null;
            try {
                task.runnable.run();
            }
            catch (Throwable ex) {
                thrown = ex;
            }
            finally {
                if (timeout != null) {
                    timeout.cancel(false);
                }
            }
        }
        Throwable failure = thrown;
        if (failure == null) {
            failure = (!plain) ? ((PoolFuture<?>) task.submitted).failure()
                    : (task.submitted instanceof Future<?> future) ? failureOf(future) : null;
        }
        TaskOutcome outcome = outcome(task, plain, failure);
        switch (outcome) {
            case COMPLETED -> this.completed.increment();
            case FAILED -> {
                this.failed.increment();
                // A future's failure belongs to whoever holds the future: not logged.
                if (plain && thrown != null) {
                    logger.error("Task {} in pool '{}' failed", task.submitted, this.name, failure);
                }
            }
            case TIMED_OUT -> this.timedOut.increment();
            default -> this.cancelled.increment();
        }
        if (listeners != null) {
            long now = System.nanoTime();
            listeners.publish(PoolListener::taskFinished, new TaskFinished(this.name, task.submitted, outcome,
                    startedAt - task.queuedAt, now - startedAt, (outcome == TaskOutcome.FAILED) ? failure : null));
        }
    }

    private static TaskOutcome outcome(PoolTask task, boolean plain, @Nullable Throwable failure) {
        if (plain) {
            if (!task.finish()) {
                return task.isTimedOut() ? TaskOutcome.TIMED_OUT : TaskOutcome.CANCELLED;
            }
            if (failure == null && task.submitted instanceof Future<?> future && future.isCancelled()) {
                return TaskOutcome.CANCELLED;
            }
            return (failure != null) ? TaskOutcome.FAILED : TaskOutcome.COMPLETED;
        }
        PoolFuture<?> future = (PoolFuture<?>) task.submitted;
        if (future.isCancelled()) {
            return task.isTimedOut() ? TaskOutcome.TIMED_OUT : TaskOutcome.CANCELLED;
        }
        return (failure != null || future.failure() != null) ? TaskOutcome.FAILED : TaskOutcome.COMPLETED;
    }

    /**
     * The failure of a plain task that is itself a future (a {@code FutureTask} or a
     * {@code CompletableFuture} given to {@code execute}): its run caught what the task
     * threw, so the future is the only witness.
     */
    private static @Nullable Throwable failureOf(Future<?> future) {
        if (!future.isDone() || future.isCancelled()) {
            return null;
        }
        try {
            future.get();
            return null;
        }
        catch (ExecutionException ex) {
            return (ex.getCause() != null) ? ex.getCause() : ex;
        }
        catch (CancellationException ex) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void expire(PoolTask task) {
        this.expired.increment();
        long waited = System.nanoTime() - task.queuedAt;
        try {
            this.config.expiredTaskHandler().expired(this.name, task.submitted, Duration.ofNanos(waited));
        }
        catch (Throwable ex) {
            logger.warn("Expired-task handler of pool '{}' failed on {}", this.name, task.submitted, ex);
        }
        Listeners listeners = this.listeners;
        if (listeners != null) {
            listeners.publish(PoolListener::taskFinished,
                    new TaskFinished(this.name, task.submitted, TaskOutcome.EXPIRED, waited, 0L, null));
        }
    }

    // ---- shutdown ----

    @Override
    public void shutdown() {
        boolean changed;
        List<PoolWorker> reserved = List.of();
        this.lock.lock();
        try {
            changed = (this.runState == RUNNING);
            if (changed) {
                this.runState = SHUTDOWN;
                this.paused = false;
                reserved = reserveWorkersForQueue();
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

    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> handedBack;
        this.lock.lock();
        try {
            handedBack = stop();
            cancelRunning();
        }
        finally {
            this.lock.unlock();
        }
        this.stateEvents.publishChanges();
        return handedBack;
    }

    /**
     * Move to STOP: hand back the queue and cancel running tasks. Called with the lock
     * held.
     */
    private List<Runnable> stop() {
        if (this.runState < STOP) {
            this.runState = STOP;
            this.paused = false;
        }
        List<Runnable> handedBack = new ArrayList<>(this.queue.size());
        PoolTask task;
        while ((task = this.queue.poll()) != null) {
            if (task.submitted instanceof PoolFuture<?> future && future.isCancelled()) {
                this.cancelledInQueue++;
            }
            else {
                this.unstarted++;
                handedBack.add(task.submitted);
            }
        }
        this.notEmpty.signalAll();
        this.notFull.signalAll();
        tryTerminate();
        return handedBack;
    }

    /**
     * Cancel the task each worker runs. Called with the lock held, in STOP.
     * @return the tasks cancelled, as submitted
     */
    private List<Runnable> cancelRunning() {
        List<Runnable> cancelled = new ArrayList<>();
        for (PoolWorker worker : this.workerSet) {
            PoolTask task = worker.current;
            if (task == null) {
                continue;
            }
            if (task.submitted instanceof PoolFuture<?> future) {
                if (future.cancel(true)) {
                    cancelled.add(task.submitted);
                }
            }
            else if (task.cancel()) {
                Thread thread = worker.thread;
                if (thread != null) {
                    thread.interrupt();
                }
                cancelled.add(task.submitted);
            }
        }
        return cancelled;
    }

    /** Terminate if nothing is left to run. Called with the lock held. */
    private boolean tryTerminate() {
        if (this.runState >= SHUTDOWN && this.runState < TERMINATED && this.workers == 0 && this.queue.isEmpty()) {
            this.runState = TERMINATED;
            this.terminated.signalAll();
            if (this.timeouts != null) {
                this.timeouts.close();
            }
            return true;
        }
        return false;
    }

    @Override
    public boolean isShutdown() {
        return this.runState >= SHUTDOWN;
    }

    @Override
    public boolean isTerminated() {
        return this.runState == TERMINATED;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        this.lock.lock();
        try {
            while (this.runState != TERMINATED) {
                if (nanos <= 0L) {
                    return false;
                }
                nanos = this.terminated.awaitNanos(nanos);
            }
            return true;
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public ShutdownReport shutdownGracefully() {
        return shutdownGracefully(Duration.ofNanos(this.config.drainTimeoutNanos()));
    }

    @Override
    public ShutdownReport shutdownGracefully(Duration drainTimeout) {
        Check.notNegative("drainTimeout", drainTimeout, this.name);
        return this.gracefulShutdown.run(drainTimeout.toNanos(), this.config.terminationGraceNanos());
    }

    /** Phase 3 of a graceful shutdown: hand back the queue and cancel running tasks. */
    GracefulShutdown.Stopped stopAndCancel() {
        List<Runnable> handedBack;
        List<Runnable> cancelledRunning;
        this.lock.lock();
        try {
            handedBack = stop();
            cancelledRunning = cancelRunning();
        }
        finally {
            this.lock.unlock();
        }
        this.stateEvents.publishChanges();
        return new GracefulShutdown.Stopped(handedBack, cancelledRunning);
    }

    long completedCount() {
        return this.completed.sum();
    }

    long failedCount() {
        return this.failed.sum();
    }

    List<String> stuckWorkers() {
        this.lock.lock();
        try {
            List<String> names = new ArrayList<>();
            for (PoolWorker worker : this.workerSet) {
                Thread thread = worker.thread;
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

    @Override
    public void close() {
        // After shutdownGracefully() its caller has the unstarted tasks: not logged
        // again.
        ShutdownReport report = this.gracefulShutdown.runFirst(this.config.drainTimeoutNanos(),
                this.config.terminationGraceNanos());
        if (report != null && !report.unstarted().isEmpty()) {
            logger.warn("Pool '{}' closed with {} unstarted tasks: {}", this.name, report.unstarted().size(),
                    report.unstarted());
        }
    }

    // ---- stats and tuning ----

    @Override
    public PoolStats stats() {
        this.lock.lock();
        try {
            long completed = this.completed.sum();
            long failed = this.failed.sum();
            long cancelledOnRun = this.cancelled.sum();
            long timedOut = this.timedOut.sum();
            long expired = this.expired.sum();
            long running = this.dequeued - completed - failed - cancelledOnRun - timedOut - expired;
            int queued = this.queue.size();
            int free = this.paused ? 0 : this.idle + this.starting;
            int remaining = Math.max(0, this.queueCapacity - Math.max(0, queued - free));
            return new PoolStats(this.name, publicState(this.runState), this.minWorkers, this.maxWorkers, this.workers,
                    this.workers - this.idle, this.idle, this.peakWorkers, queued, this.queueCapacity, remaining,
                    running, this.submitted, completed, failed, cancelledOnRun + this.cancelledInQueue, this.unstarted,
                    this.rejected.sum(), this.callerRuns.sum(), timedOut, expired, this.rateLimitWaits, 0L);
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public PoolSettings settings() {
        StartGate gate;
        this.lock.lock();
        try {
            gate = this.startGate;
        }
        finally {
            this.lock.unlock();
        }
        PoolConfig config = this.config;
        return new PoolSettings(config.queueOrder(), config.saturationPolicy(),
                Duration.ofNanos(config.idleTimeoutNanos()), Duration.ofNanos(config.blockTimeoutNanos()),
                Duration.ofNanos(config.drainTimeoutNanos()), Duration.ofNanos(config.terminationGraceNanos()),
                nanosOrNull(config.agingNanos()), (gate != null) ? gate.rateLimit() : null, gate != null,
                nanosOrNull(config.taskTimeoutNanos()), nanosOrNull(config.maxQueueWaitNanos()),
                config.threadNamePrefix(), config.virtualThreads());
    }

    private static @Nullable Duration nanosOrNull(long nanos) {
        return (nanos > 0L) ? Duration.ofNanos(nanos) : null;
    }

    @Override
    public PoolTuning tuning() {
        return this;
    }

    @Override
    public void resize(int minWorkers, int maxWorkers) {
        Check.atLeast("minWorkers", minWorkers, 0, this.name);
        Check.atLeast("maxWorkers", maxWorkers, 1, this.name);
        Check.maxAtLeastMin(minWorkers, maxWorkers, this.name);
        List<PoolWorker> reserved;
        this.lock.lock();
        try {
            this.minWorkers = minWorkers;
            this.maxWorkers = maxWorkers;
            reserved = this.paused ? List.of() : reserveWorkersForQueue();
            this.notEmpty.signalAll();
            this.notFull.signalAll();
        }
        finally {
            this.lock.unlock();
        }
        startWorkers(reserved);
    }

    @Override
    public void queueCapacity(int queueCapacity) {
        Check.atLeast("queueCapacity", queueCapacity, 0, this.name);
        this.lock.lock();
        try {
            this.queueCapacity = queueCapacity;
            this.notFull.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public void update(java.util.function.Consumer<? super PoolTuning.Change> change) {
        int[] sizes = { this.minWorkers, this.maxWorkers, this.queueCapacity };
        Object[] limit = { null, Boolean.FALSE };
        Boolean[] paused = { null };
        change.accept(new PoolTuning.Change() {
            public PoolTuning.Change minWorkers(int v) {
                sizes[0] = Check.between("minWorkers", v, 0, MAX_WORKERS, PoolEngine.this.name);
                return this;
            }

            public PoolTuning.Change maxWorkers(int v) {
                sizes[1] = Check.between("maxWorkers", v, 1, MAX_WORKERS, PoolEngine.this.name);
                return this;
            }

            public PoolTuning.Change queueCapacity(int v) {
                sizes[2] = Check.atLeast("queueCapacity", v, 0, PoolEngine.this.name);
                return this;
            }

            public PoolTuning.Change rateLimit(@Nullable RateLimit v) {
                limit[0] = v;
                limit[1] = Boolean.TRUE;
                return this;
            }

            public PoolTuning.Change paused(boolean v) {
                paused[0] = v;
                return this;
            }
        });
        Check.maxAtLeastMin(sizes[0], sizes[1], this.name);
        resize(sizes[0], sizes[1]);
        queueCapacity(sizes[2]);
        if ((Boolean) limit[1]) {
            rateLimit((RateLimit) limit[0]);
        }
        if (paused[0] != null) {
            if (paused[0]) {
                pause();
            }
            else {
                resume();
            }
        }
    }

    @Override
    public void rateLimit(@Nullable RateLimit rateLimit) {
        StartGate gate = (rateLimit != null) ? new StartGate(io.poolworks.spi.StartPermits.local(rateLimit)) : null;
        this.lock.lock();
        try {
            this.startGate = gate;
            // The worker waiting for a token re-checks against the new gate (or none).
            this.notEmpty.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public void pause() {
        boolean changed;
        this.lock.lock();
        try {
            changed = (this.runState == RUNNING && !this.paused);
            this.paused |= changed;
        }
        finally {
            this.lock.unlock();
        }
        if (changed) {
            this.stateEvents.publishChanges();
        }
    }

    @Override
    public void resume() {
        boolean changed;
        List<PoolWorker> reserved = List.of();
        this.lock.lock();
        try {
            changed = this.paused;
            if (changed) {
                this.paused = false;
                reserved = reserveWorkersForQueue();
                this.notEmpty.signalAll();
                this.notFull.signalAll();
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

    // ---- state events ----

    private PoolState publicState(int state) {
        return switch (state) {
            case RUNNING -> this.paused ? PoolState.PAUSED : PoolState.RUNNING;
            case TERMINATED -> PoolState.TERMINATED;
            default -> PoolState.DRAINING;
        };
    }

    /** The public state, read under the lock for {@link StateEvents}. */
    PoolState currentState() {
        this.lock.lock();
        try {
            return publicState(this.runState);
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "WorkerPool[" + this.name + "]";
    }

}
