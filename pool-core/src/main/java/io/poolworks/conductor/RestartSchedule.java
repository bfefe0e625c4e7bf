package io.poolworks.conductor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Computes the restart delays of one worker and keeps its restart budget; confined to
 * that worker's supervising thread, so not thread-safe.
 */
final class RestartSchedule {

    private final Backoff backoff;

    private final LongSupplier nanoClock;

    private final DoubleSupplier random;

    /**
     * The {@code nanoClock} times of the restarts inside the budget window, oldest first.
     */
    private final Deque<Long> restarts = new ArrayDeque<>();

    RestartSchedule(Backoff backoff, LongSupplier nanoClock, DoubleSupplier random) {
        this.backoff = backoff;
        this.nanoClock = nanoClock;
        this.random = random;
    }

    /**
     * Records a failure now and returns the delay before the restart, or {@code null}
     * when the budget is spent and the failure must escalate.
     */
    @Nullable Duration nextDelay() {
        long now = this.nanoClock.getAsLong();
        long window = this.backoff.window().toNanos();
        while (!this.restarts.isEmpty() && now - this.restarts.peekFirst() >= window) {
            this.restarts.removeFirst();
        }
        int recent = this.restarts.size();
        if (recent >= this.backoff.maxRestarts()) {
            return null;
        }
        this.restarts.addLast(now);
        return delay(this.backoff, recent, this.random.getAsDouble());
    }

    /**
     * The delay before a restart when {@code recentRestarts} restarts are inside the
     * window.
     * @param random a value in {@code [0, 1)} that picks the point within the jitter
     * range
     */
    static Duration delay(Backoff backoff, int recentRestarts, double random) {
        double max = backoff.max().toNanos();
        double base = Math.min(max, backoff.initial().toNanos() * Math.pow(backoff.multiplier(), recentRestarts));
        double factor = 1.0 + backoff.jitter() * (2.0 * random - 1.0);
        double nanos = Math.max(0.0, Math.min(max, base * factor));
        return Duration.ofNanos((long) nanos);
    }

}
