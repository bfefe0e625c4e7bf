package io.poolworks.spring.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Clock;

/**
 * The largest duration recorded recently, for the hot path: recording reads one
 * {@code AtomicLong} and writes it only when the value is a new maximum; it never reads a
 * clock. The time window moves when the maximum is read, that is at every scrape.
 * <p>
 * Two slots: {@code current} collects the values since the last rotation and
 * {@code previous} holds what {@code current} held before it. A read that comes at least
 * one {@link #STEP} after the last rotation rotates, and every read answers the larger of
 * the two, so a value is reported until the second rotation after it. Read at least once
 * a step (every usual scrape interval is shorter), a value is thus reported for one to
 * two steps; read less often, every read rotates and reports what came since the read
 * before. Rotation depends on the time since the last one, not on who reads, so several
 * scrapers see the same values.
 * <p>
 * Thread-safe. A value recorded while a read rotates lands either in the slot that
 * becomes {@code previous} or in the new {@code current}, so it is reported either way.
 */
final class RecentMax {

    /** How long a value stays in {@code current} at least: one minute. */
    static final long STEP = TimeUnit.MINUTES.toNanos(1);

    private final Clock clock;

    private final AtomicLong current = new AtomicLong();

    // Guarded by this; volatile so that a read that does not rotate needs no lock.
    private volatile long previous;

    private volatile long rotatedAt;

    RecentMax(Clock clock) {
        this.clock = clock;
        this.rotatedAt = clock.monotonicTime();
    }

    /**
     * Record a duration.
     * @param nanos the duration in nanoseconds, not negative
     */
    void record(long nanos) {
        long max = this.current.get();
        while (nanos > max && !this.current.compareAndSet(max, nanos)) {
            max = this.current.get();
        }
    }

    /**
     * Return the largest duration of the current and the previous step, rotating first if
     * a step has passed since the last rotation.
     * @param unit the unit of the answer
     * @return the maximum in that unit, {@code 0} if nothing was recorded
     */
    double max(TimeUnit unit) {
        long now = this.clock.monotonicTime();
        if (now - this.rotatedAt >= STEP) {
            rotate(now);
        }
        long nanos = Math.max(this.previous, this.current.get());
        return (double) nanos / unit.toNanos(1);
    }

    private synchronized void rotate(long now) {
        if (now - this.rotatedAt >= STEP) {
            this.previous = this.current.getAndSet(0);
            this.rotatedAt = now;
        }
    }

}
