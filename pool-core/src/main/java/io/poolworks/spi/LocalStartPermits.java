package io.poolworks.spi;

import java.util.Objects;
import java.util.function.LongSupplier;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;
import io.poolworks.RateLimit;

/**
 * A local Bucket4j token bucket that reserves the next token when it is empty, so that
 * the rate a pool achieves does not depend on how late its worker wakes up.
 */
final class LocalStartPermits implements StartPermits {

    private final RateLimit rateLimit;

    private final LongSupplier nanoTime;

    private final Bucket bucket;

    /**
     * Whether the last answer took a token (now or reserved) that a release gives back.
     */
    private boolean holding;

    /** When the reserved token is due, valid while {@code reserved}. */
    private long due;

    private boolean reserved;

    LocalStartPermits(RateLimit rateLimit, LongSupplier nanoTime) {
        this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit must not be null");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime must not be null");
        Bandwidth bandwidth = Bandwidth.builder()
            .capacity(rateLimit.burst())
            .refillGreedy(rateLimit.permits(), rateLimit.period())
            .build();
        // Unsynchronized: every call is made under this object's monitor.
        this.bucket = Bucket.builder()
            .withCustomTimePrecision(new Clock(nanoTime))
            .withSynchronizationStrategy(SynchronizationStrategy.NONE)
            .addLimit(bandwidth)
            .build();
    }

    @Override
    public synchronized long tryAcquire() {
        if (this.reserved) {
            long wait = this.due - this.nanoTime.getAsLong();
            if (wait > 0L) {
                return wait;
            }
            this.reserved = false;
            this.holding = true;
            return 0L;
        }
        // Consume now, or reserve the next token and learn when it is due.
        long wait = this.bucket.consumeIgnoringRateLimits(1);
        this.holding = true;
        if (wait <= 0L) {
            return 0L;
        }
        this.reserved = true;
        this.due = this.nanoTime.getAsLong() + wait;
        return wait;
    }

    @Override
    public synchronized void release() {
        if (this.holding) {
            this.holding = false;
            this.reserved = false;
            this.bucket.addTokens(1);
        }
    }

    @Override
    public RateLimit rateLimit() {
        return this.rateLimit;
    }

    @Override
    public StartPermits withRateLimit(RateLimit rateLimit) {
        return new LocalStartPermits(rateLimit, this.nanoTime);
    }

    @Override
    public String toString() {
        return "StartPermits.local(" + this.rateLimit + ")";
    }

    /** Bucket4j's view of the pool's clock. */
    private record Clock(LongSupplier nanoTime) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            return this.nanoTime.getAsLong();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

    }

}
