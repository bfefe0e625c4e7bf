package io.poolworks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;

import org.jspecify.annotations.Nullable;

/**
 * The tasks a pool holds and the counts of their way through it: the queue, its capacity,
 * the producers waiting for room and the submitted, dequeued, unstarted and
 * cancelled-in-queue counters. Guarded by the engine's lock. The engine decides whether a
 * task may enter; this class keeps the queue and its numbers together, so that
 * {@code submitted == dequeued + size() + unstarted + cancelledInQueue} always holds.
 */
final class Backlog {

    private final TaskQueue queue;

    private final Condition notFull;

    private final Ticker ticker;

    private final long maxWaitNanos;

    /** Where tasks taken back or cancelled land, when no worker takes them. */
    private final RunSlot scratch = new RunSlot();

    int capacity;

    private int blockedProducers;

    long submitted;

    long dequeued;

    long unstarted;

    long cancelledInQueue;

    Backlog(PoolConfig config, Condition notFull) {
        this.queue = TaskQueue.of(config.queueOrder(), config.stamped());
        this.notFull = notFull;
        this.ticker = config.ticker();
        this.maxWaitNanos = config.maxQueueWaitNanos();
        this.capacity = config.queueCapacity();
    }

    int size() {
        return this.queue.size();
    }

    boolean isEmpty() {
        return this.queue.isEmpty();
    }

    /** Whether one more task fits beyond the {@code free} workers about to take one. */
    boolean fits(int free) {
        return this.queue.size() - free < this.capacity;
    }

    /** Whether tasks time out in the queue, so that the head must be looked at. */
    boolean expires() {
        return this.maxWaitNanos > 0L;
    }

    void add(Runnable submitted, Runnable run, @Nullable PoolFuture<?> future, long queuedAt, long key,
            PoolEngine owner) {
        this.queue.add(submitted, run, future, queuedAt, key);
        this.submitted++;
        if (future != null) {
            future.owner = owner;
            future.queuedAs = submitted;
        }
    }

    /** A task the caller runs itself: it never queues. */
    void countCallerRun() {
        this.submitted++;
        this.dequeued++;
    }

    /**
     * Wait for room as a blocked producer.
     * @return the time left of {@code nanos}
     */
    long awaitRoom(long nanos) throws InterruptedException {
        this.blockedProducers++;
        try {
            return this.ticker.awaitNanos(this.notFull, nanos);
        }
        finally {
            this.blockedProducers--;
        }
    }

    /** A place may have come free: let one blocked producer look. */
    void freed() {
        if (this.blockedProducers > 0) {
            this.notFull.signal();
        }
    }

    /** The capacity or the state changed: let every blocked producer look. */
    void roomChanged() {
        this.notFull.signalAll();
    }

    /** Move the head into the slot, marked expired if it waited too long. */
    void dequeue(RunSlot slot) {
        this.queue.pollInto(slot);
        if (this.maxWaitNanos > 0L) {
            slot.expired = this.ticker.read() - slot.queuedAt > this.maxWaitNanos;
        }
        this.dequeued++;
        freed();
    }

    /** Whether the head will not run: its future was cancelled, or it waited too long. */
    boolean headIsDead() {
        PoolFuture<?> future = this.queue.headFuture();
        return (future != null && future.isCancelled())
                || (this.maxWaitNanos > 0L && this.ticker.read() - this.queue.headQueuedAt() > this.maxWaitNanos);
    }

    /**
     * Take a cancelled task out of the queue into {@code removed}.
     * @return whether it was queued
     */
    boolean cancel(Runnable queuedAs, RunSlot removed) {
        if (!this.queue.removeInto(queuedAs, removed)) {
            return false;
        }
        this.cancelledInQueue++;
        freed();
        return true;
    }

    /**
     * Take back a task whose admission failed after all, as if it had never come.
     * @return whether it was still queued
     */
    boolean takeBack(Runnable submitted) {
        if (!this.queue.removeInto(submitted, this.scratch)) {
            return false;
        }
        this.scratch.clear();
        this.submitted--;
        return true;
    }

    /**
     * Empty the queue for a stop: return the tasks to hand back, in start order; futures
     * cancelled just before are counted cancelled and added to {@code cancelled}.
     */
    List<Runnable> drain(List<RunSlot> cancelled) {
        List<Runnable> handedBack = new ArrayList<>(this.queue.size());
        RunSlot slot = this.scratch;
        while (!this.queue.isEmpty()) {
            this.queue.pollInto(slot);
            if (slot.future != null && slot.future.isCancelled()) {
                this.cancelledInQueue++;
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
        return handedBack;
    }

}
