package io.poolworks.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * The tiny task of a burst, and the wait for the burst to finish: every run of
 * {@link #task} counts down by one, and the run that reaches zero wakes the thread in
 * {@link #await()}. Reused for every burst, so nothing is allocated per task by the
 * benchmark itself.
 */
final class Countdown {

    /** How long {@link #await()} waits without progress before it reports a lost task. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final AtomicInteger remaining = new AtomicInteger();

    private volatile @Nullable Thread waiter;

    /** The task: count down, and wake the waiter at zero. */
    final Runnable task = () -> {
        if (this.remaining.decrementAndGet() == 0) {
            LockSupport.unpark(this.waiter);
        }
    };

    /**
     * Arm for a burst; call before the first task of the burst is submitted.
     * @param tasks how many tasks the burst has
     */
    void arm(int tasks) {
        this.waiter = Thread.currentThread();
        this.remaining.set(tasks);
    }

    /**
     * Wait until every task of the burst ran.
     * @throws IllegalStateException if no task finished for 30 seconds (a lost task or a
     * deadlock in the executor)
     */
    void await() {
        int last = this.remaining.get();
        long lastProgress = System.nanoTime();
        while (last != 0) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
            int now = this.remaining.get();
            if (now != last) {
                last = now;
                lastProgress = System.nanoTime();
            }
            else if (System.nanoTime() - lastProgress > STALL_NANOS) {
                throw new IllegalStateException("No progress for 30 s: " + now + " tasks of the burst never ran");
            }
        }
    }

}
