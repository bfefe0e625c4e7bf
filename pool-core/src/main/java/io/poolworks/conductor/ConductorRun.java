package io.poolworks.conductor;

import java.util.concurrent.ThreadFactory;
import io.poolworks.spi.GuardedCalls;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * One run of a {@link Conductor}, from {@code start()} to its report: the supervision
 * engine.
 *
 * <h2>Design</h2> State machine of the run: {@code RUNNING -> STOPPING -> TERMINATED}.
 * The move to {@code STOPPING} happens exactly once, under the lock, by whoever first
 * asks for it: {@link #stop()}, a worker failing under stop-all (or spending its restart
 * budget), or the last worker ending by itself. That caller is the <em>initiator</em>: it
 * signals every worker still in a run (context to stopping, thread interrupted) and wakes
 * workers in backoff, then waits, outside any worker's run, up to {@code shutdownTimeout}
 * for all workers to end, builds the report, moves to {@code TERMINATED} and opens the
 * {@code terminated} latch. Every other caller of {@code stop()} just waits for that
 * latch.
 * <p>
 * Each worker has one supervising thread for the whole run; it loops: begin a run (under
 * the lock: refused once {@code STOPPING}), call {@link Worker#run(WorkerContext)}
 * without the lock, end the run (under the lock: decide COMPLETED, STOPPED, FAILED or
 * BACKING_OFF by the phase and the policy), and sleep the backoff on the
 * {@code stopSignal} latch.
 * <p>
 * Invariants, all under the lock: {@code active} is the number of slots not
 * {@code ended}; a slot has a {@code context} only while its worker is inside
 * {@code run}, so the initiator interrupts only threads that are inside a worker (the
 * supervising thread clears a late interrupt once it has cleared the context, before it
 * logs or calls listeners); no run begins once the phase is not {@code RUNNING}, so no
 * worker can start after the stop signal; a worker logs and notifies its end before it
 * counts as ended, so the report is the last word of a run; the report is published
 * before the {@code terminated} latch opens.
 * <p>
 * Thread-safety: all mutable state (phase, slots, counters) is guarded by one lock; the
 * lock is never held while calling a worker or a listener; the latches publish the stop
 * signal and the report to other threads.
 */
final class ConductorRun {

    private enum Phase {

        RUNNING, STOPPING, TERMINATED

    }

    private final String name;

    private final List<WorkerSlot> slots;

    private final Duration shutdownTimeout;

    private final RunJournal journal;

    private final ThreadFactory threads;

    private final Clock clock;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition workerEnded = this.lock.newCondition();

    /** Opens when the run starts stopping; wakes workers sleeping their backoff. */
    private final CountDownLatch stopSignal = new CountDownLatch(1);

    private final CountDownLatch terminated = new CountDownLatch(1);

    private Phase phase = Phase.RUNNING;

    private int active;

    private @Nullable ConductorException failure;

    private long stopStartNanos;

    private volatile @Nullable ConductorReport report;

    ConductorRun(String name, List<WorkerSlot> slots, Duration shutdownTimeout,
            GuardedCalls<ConductorListener> listener, ThreadFactory threads, Clock clock) {
        this.name = name;
        this.slots = List.copyOf(slots);
        this.shutdownTimeout = shutdownTimeout;
        this.journal = new RunJournal(name, listener, clock);
        this.threads = threads;
        this.clock = clock;
    }

    /**
     * Starts one supervising thread per worker; workers begin only after all are
     * launched.
     */
    void start() {
        boolean initiator = false;
        this.lock.lock();
        try {
            this.journal.starting(this.slots.stream().map((slot) -> slot.name).toList());
            for (WorkerSlot slot : this.slots) {
                if (this.phase != Phase.RUNNING) {
                    // An earlier thread could not be started: this worker never runs.
                    slot.ended = true;
                    slot.enter(WorkerState.STOPPED, now());
                    continue;
                }
                slot.enter(WorkerState.STARTING, now());
                this.active++;
                try {
                    Thread thread = this.threads.newThread(() -> supervise(slot));
                    thread.setName(threadName(slot));
                    slot.thread = thread;
                    thread.start();
                }
                catch (Throwable ex) {
                    slot.failures++;
                    slot.lastError = ex;
                    slot.enter(WorkerState.FAILED, now());
                    markEndedLocked(slot);
                    initiator = beginShutdownLocked(
                            new ConductorException(this.name, slot.name, "could not be started", ex),
                            "the thread of worker '" + slot.name + "' could not be started");
                }
            }
            if (this.active == 0 && this.phase == Phase.RUNNING) {
                initiator = beginShutdownLocked(null, "it has no workers");
            }
        }
        finally {
            this.lock.unlock();
        }
        if (initiator) {
            finishShutdown();
        }
    }

    /** Asks every worker to stop and waits for them up to the shutdown timeout. */
    ConductorReport stop() {
        boolean initiator;
        this.lock.lock();
        try {
            initiator = beginShutdownLocked(null, "stop was requested");
        }
        finally {
            this.lock.unlock();
        }
        return initiator ? finishShutdown() : awaitReport();
    }

    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return this.terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void awaitTermination() throws InterruptedException {
        this.terminated.await();
    }

    boolean isTerminated() {
        return this.terminated.getCount() == 0;
    }

    /** The report once terminated, else {@code null}. */
    @Nullable ConductorReport report() {
        return this.report;
    }

    List<WorkerStatus> status() {
        this.lock.lock();
        try {
            return this.slots.stream().map(WorkerSlot::status).toList();
        }
        finally {
            this.lock.unlock();
        }
    }

    private void supervise(WorkerSlot slot) {
        RestartSchedule schedule = (slot.policy instanceof FailurePolicy.Restart restart) ? new RestartSchedule(
                restart.backoff(), System::nanoTime, () -> ThreadLocalRandom.current().nextDouble()) : null;
        while (true) {
            AttemptContext context = beginRun(slot);
            if (context == null) {
                return;
            }
            Throwable thrown = null;
            try {
                slot.worker.run(context);
            }
            catch (Throwable ex) {
                thrown = ex;
            }
            finally {
                context.close();
            }
            Duration delay = endRun(slot, thrown, schedule);
            if (delay == null) {
                return;
            }
            try {
                this.stopSignal.await(delay.toNanos(), TimeUnit.NANOSECONDS);
            }
            catch (InterruptedException ex) {
                // Not a stop (a stop opens stopSignal): the backoff just ends early.
            }
        }
    }

    /**
     * Begins a run of the worker, or ends the slot as STOPPED if the conductor is
     * stopping.
     */
    private @Nullable AttemptContext beginRun(WorkerSlot slot) {
        AttemptContext context;
        int restarts;
        this.lock.lock();
        try {
            if (this.phase != Phase.RUNNING) {
                slot.enter(WorkerState.STOPPED, now());
                context = null;
            }
            else {
                context = new AttemptContext(slot.name, threadName(slot), this.threads);
                slot.context = context;
                slot.enter(WorkerState.RUNNING, now());
            }
            restarts = slot.restarts;
        }
        finally {
            this.lock.unlock();
        }
        if (context == null) {
            this.journal.stoppedBeforeRestart(slot.name);
            endSlot(slot);
            return null;
        }
        this.journal.running(slot.name, restarts);
        return context;
    }

    /**
     * Ends a run of the worker and applies its policy; returns the backoff delay when it
     * is to be restarted, else {@code null} (the slot has ended).
     */
    private @Nullable Duration endRun(WorkerSlot slot, @Nullable Throwable thrown, @Nullable RestartSchedule schedule) {
        WorkerState state;
        Duration delay = null;
        boolean failedWhileRunning = false;
        boolean escalated = false;
        int restart;
        this.lock.lock();
        try {
            slot.context = null;
            if (thrown == null || this.phase != Phase.RUNNING) {
                state = (this.phase == Phase.RUNNING) ? WorkerState.COMPLETED : WorkerState.STOPPED;
                if (thrown != null && !isInterruption(thrown)) {
                    slot.failures++;
                    slot.lastError = thrown;
                }
            }
            else {
                failedWhileRunning = true;
                slot.failures++;
                slot.lastError = thrown;
                if (slot.policy instanceof FailurePolicy.Ignore) {
                    state = WorkerState.FAILED;
                }
                else if (schedule != null && (delay = schedule.nextDelay()) != null) {
                    state = WorkerState.BACKING_OFF;
                    slot.restarts++;
                }
                else {
                    state = WorkerState.FAILED;
                    escalated = true;
                }
            }
            restart = slot.restarts;
            slot.enter(state, now());
            if (failedWhileRunning) {
                // Logged under the lock so that the failure comes before the stop it
                // causes.
                this.journal.logFailure(slot.name, thrown, escalated, delay);
            }
            if (escalated) {
                String reason = (schedule != null) ? "failed after spending its restart budget" : "failed";
                beginShutdownLocked(new ConductorException(this.name, slot.name, reason, thrown),
                        "worker '" + slot.name + "' " + reason);
            }
        }
        finally {
            this.lock.unlock();
        }
        // The stop's interrupt is spent once the worker returned; with the context
        // cleared
        // no new one can come, so our bookkeeping and the listeners run uninterrupted.
        Thread.interrupted();
        // Log and notify before the slot counts as ended, so that stop() returns (and the
        // conductor logs its report) only after every worker's last word.
        if (failedWhileRunning) {
            this.journal.publishFailure(slot.name, thrown, slot.policy, escalated, delay, restart);
        }
        else {
            this.journal.ended(slot.name, state, thrown);
        }
        if (delay == null && (endSlot(slot) || escalated)) {
            finishShutdown();
        }
        return delay;
    }

    /**
     * Marks a slot ended; returns whether it was the last one while the run was RUNNING.
     */
    private boolean markEndedLocked(WorkerSlot slot) {
        if (!slot.ended) {
            slot.ended = true;
            this.active--;
            this.workerEnded.signalAll();
        }
        return this.active == 0 && this.phase == Phase.RUNNING;
    }

    /**
     * Marks a slot ended; returns {@code true} when that makes this thread the initiator
     * of the shutdown because no worker is left.
     */
    private boolean endSlot(WorkerSlot slot) {
        this.lock.lock();
        try {
            return markEndedLocked(slot) && beginShutdownLocked(null, "all of its workers have ended");
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Moves to STOPPING and signals the workers; returns {@code true} for the initiator,
     * who must then call {@link #finishShutdown()}.
     */
    private boolean beginShutdownLocked(@Nullable ConductorException failure, String reason) {
        if (this.phase != Phase.RUNNING) {
            return false;
        }
        this.phase = Phase.STOPPING;
        this.failure = failure;
        this.stopStartNanos = System.nanoTime();
        int running = (int) this.slots.stream().filter((slot) -> !slot.ended && !slot.state.isFinal()).count();
        this.journal.stopping(running, this.shutdownTimeout, reason);
        this.stopSignal.countDown();
        for (WorkerSlot slot : this.slots) {
            AttemptContext context = slot.context;
            if (context != null) {
                context.requestStop();
                Thread thread = slot.thread;
                if (thread != null) {
                    thread.interrupt();
                }
            }
        }
        return true;
    }

    /**
     * Waits for the workers up to the timeout, then publishes the report. Initiator only.
     */
    private ConductorReport finishShutdown() {
        boolean interrupted = false;
        ConductorReport result;
        this.lock.lock();
        try {
            long remaining = this.shutdownTimeout.toNanos() - (System.nanoTime() - this.stopStartNanos);
            while (this.active > 0 && remaining > 0) {
                try {
                    remaining = this.workerEnded.awaitNanos(remaining);
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                    remaining = this.shutdownTimeout.toNanos() - (System.nanoTime() - this.stopStartNanos);
                }
            }
            this.phase = Phase.TERMINATED;
            Duration elapsed = Duration.ofNanos(System.nanoTime() - this.stopStartNanos);
            result = new ConductorReport(this.name, this.slots.stream().map(WorkerSlot::outcome).toList(), elapsed,
                    this.failure);
            this.report = result;
        }
        finally {
            this.lock.unlock();
        }
        this.journal.stopped(result, this.shutdownTimeout);
        this.terminated.countDown();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    private ConductorReport awaitReport() {
        boolean interrupted = false;
        while (true) {
            try {
                this.terminated.await();
                break;
            }
            catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        ConductorReport result = this.report;
        if (result == null) {
            throw new IllegalStateException("Conductor '" + this.name + "' terminated without a report");
        }
        return result;
    }

    private String threadName(WorkerSlot slot) {
        return this.name + "/" + slot.name;
    }

    private Instant now() {
        return this.clock.instant();
    }

    static boolean isInterruption(Throwable thrown) {
        return thrown instanceof InterruptedException || thrown instanceof InterruptedIOException
                || thrown instanceof ClosedByInterruptException;
    }

}
