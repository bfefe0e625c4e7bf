package io.poolworks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;

/**
 * A clock that moves only when a test says so, for deadlines, idle timeouts, aging and
 * rate limits without sleeping. Timed waits on it wake every millisecond of real time to
 * look at the fake time again, so an {@link #advance(Duration)} takes effect within a
 * millisecond; nothing waits for real time to pass.
 */
public final class FakeTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

    /**
     * Make the builder's pool read time from this clock.
     * @param builder the builder
     * @return the builder
     */
    public WorkerPool.Builder install(WorkerPool.Builder builder) {
        builder.ticker = this;
        return builder;
    }

    /**
     * Move the clock forward.
     * @param duration how far
     */
    public void advance(Duration duration) {
        this.nanos.addAndGet(duration.toNanos());
    }

    @Override
    public long read() {
        return this.nanos.get();
    }

    @Override
    public long awaitNanos(Condition condition, long nanos) throws InterruptedException {
        long deadline = read() + nanos;
        condition.await(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        return deadline - read();
    }

}
