package io.poolworks;

import java.util.concurrent.locks.Condition;

/**
 * The engine's clock and its timed waits: the time seam through which tests drive
 * deadlines, idle timeouts, aging and rate limits with a fake clock instead of sleeping.
 */
interface Ticker {

    /** The system clock, {@link System#nanoTime()}, and plain timed waits. */
    Ticker SYSTEM = new Ticker() {

        @Override
        public long read() {
            return System.nanoTime();
        }

        @Override
        public long awaitNanos(Condition condition, long nanos) throws InterruptedException {
            return condition.awaitNanos(nanos);
        }

    };

    /**
     * Return the current time, in nanoseconds from an arbitrary origin.
     * @return the time
     */
    long read();

    /**
     * Wait on the condition, whose lock the caller holds, until signalled, interrupted or
     * the given time of this clock passed (a fake clock may also return early).
     * @param condition the condition
     * @param nanos the longest wait, in this clock's nanoseconds
     * @return an estimate of the time left, {@code <= 0} when it passed
     * @throws InterruptedException if interrupted while waiting
     */
    long awaitNanos(Condition condition, long nanos) throws InterruptedException;

}
