package io.poolworks.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisFuture;

/**
 * Acknowledges finished entries in batches without a timer: at most one {@code XACK} is
 * under way at a time, and every entry that finishes meanwhile goes in the next one. An
 * idle source thus acknowledges each entry at once, and a busy one sends one round trip
 * for many entries. An entry is released from {@link InFlight} only when Redis confirmed
 * its acknowledgement, so what a crash can repeat stays within the pool's capacity.
 * <p>
 * A batch that fails is queued again and sent after a backoff (100 ms doubling to 5 s),
 * by the next entry that finishes, the reader's loop or {@link #flush(Duration)}.
 * {@code XACK} is idempotent, and acknowledging an entry Redis no longer has is harmless.
 * Thread-safe: workers, the reader and Lettuce's threads call it.
 */
final class Acknowledgements {

    /** The most ids in one XACK. */
    static final int MAX_BATCH = 1_000;

    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final StreamCommands commands;

    private final Duration timeout;

    private final InFlight inFlight;

    private final StreamCounters counters;

    private final Outage outage;

    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();

    /** Queued or under way, not yet confirmed. */
    private final AtomicInteger unconfirmed = new AtomicInteger();

    /** Whether an XACK is under way; whoever sets it sends, and sends the next one. */
    private final AtomicBoolean sending = new AtomicBoolean();

    /** No batch is sent before this, after a failure (System.nanoTime). */
    private volatile long retryAt;

    private volatile boolean failing;

    /** Written only by whoever holds {@code sending}. */
    private long backoffNanos = MIN_BACKOFF_NANOS;

    private final Object confirmations = new Object();

    Acknowledgements(StreamCommands commands, Duration timeout, InFlight inFlight, StreamCounters counters,
            Outage outage) {
        this.commands = commands;
        this.timeout = timeout;
        this.inFlight = inFlight;
        this.counters = counters;
        this.outage = outage;
    }

    /** Acknowledge an entry: now if no batch is under way, else with the next batch. */
    void ack(String id) {
        this.unconfirmed.incrementAndGet();
        this.queue.add(id);
        send();
    }

    /** The acknowledgements queued or under way. */
    int unconfirmed() {
        return this.unconfirmed.get();
    }

    /**
     * Send a batch unless one is under way, nothing waits, or a failure's backoff has not
     * passed yet.
     */
    void send() {
        while (!this.queue.isEmpty()) {
            if (this.failing && System.nanoTime() - this.retryAt < 0L) {
                return;
            }
            if (!this.sending.compareAndSet(false, true)) {
                // The batch under way sends the next one when it completes.
                return;
            }
            List<String> batch = new ArrayList<>();
            for (String id = this.queue.poll(); id != null; id = (batch.size() < MAX_BATCH) ? this.queue.poll()
                    : null) {
                batch.add(id);
            }
            if (!batch.isEmpty()) {
                dispatch(batch);
                return;
            }
            // Another sender took them between the check and the flag: look again.
            this.sending.set(false);
        }
    }

    private void dispatch(List<String> batch) {
        RedisFuture<Long> future;
        try {
            future = this.commands.ack(batch.toArray(String[]::new));
        }
        catch (RuntimeException ex) {
            failed(batch, ex);
            return;
        }
        future.toCompletableFuture()
            .orTimeout(this.timeout.toNanos(), TimeUnit.NANOSECONDS)
            .whenComplete((acknowledged, failure) -> {
                if (failure == null) {
                    confirmed(batch);
                }
                else {
                    future.cancel(false);
                    failed(batch, failure);
                }
            });
    }

    private void confirmed(List<String> batch) {
        this.counters.acknowledged.add(batch.size());
        this.inFlight.release(batch);
        this.unconfirmed.addAndGet(-batch.size());
        this.backoffNanos = MIN_BACKOFF_NANOS;
        this.failing = false;
        this.outage.succeeded();
        this.sending.set(false);
        signal();
        send();
    }

    private void failed(List<String> batch, Throwable failure) {
        this.counters.ackErrors.increment();
        this.queue.addAll(batch);
        this.retryAt = System.nanoTime() + this.backoffNanos;
        this.backoffNanos = Math.min(this.backoffNanos * 2, MAX_BACKOFF_NANOS);
        this.failing = true;
        this.outage.failed("XACK", failure);
        this.sending.set(false);
        signal();
    }

    /**
     * Wait until every acknowledgement queued or under way is confirmed, sending again
     * after failures, for at most the given time.
     * @return whether all were confirmed
     */
    boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (this.unconfirmed.get() > 0) {
            send();
            long left = deadline - System.nanoTime();
            if (left <= 0L) {
                return false;
            }
            synchronized (this.confirmations) {
                if (this.unconfirmed.get() > 0) {
                    // Bounded, so that a batch waiting out its backoff is sent again.
                    TimeUnit.NANOSECONDS.timedWait(this.confirmations,
                            Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
                }
            }
        }
        return true;
    }

    private void signal() {
        synchronized (this.confirmations) {
            this.confirmations.notifyAll();
        }
    }

}
