package io.poolworks;

import java.util.Objects;
import java.util.function.Consumer;

import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;

/**
 * The {@link PoolTuning} of a pool: checks every value of an update, against each other
 * and the settings that stay, prepares a new permit source outside the engine's lock,
 * then has the engine apply everything at once. Updates are applied one at a time.
 */
final class Tuning implements PoolTuning {

    private final PoolEngine engine;

    private final String pool;

    private final Ticker ticker;

    private final @Nullable AdaptiveLimiter limiter;

    private final Object updates = new Object();

    Tuning(PoolEngine engine, String pool, Ticker ticker, @Nullable AdaptiveLimiter limiter) {
        this.engine = engine;
        this.pool = pool;
        this.ticker = ticker;
        this.limiter = limiter;
    }

    @Override
    public void update(Consumer<? super Change> change) {
        Objects.requireNonNull(change, "change must not be null");
        Values values = new Values(this.pool);
        change.accept(values);
        Runnable rest;
        synchronized (this.updates) {
            int[] bounds = this.engine.bounds();
            int minWorkers = (values.minWorkers != null) ? values.minWorkers : bounds[0];
            int maxWorkers = (values.maxWorkers != null) ? values.maxWorkers : bounds[1];
            int queueCapacity = (values.queueCapacity != null) ? values.queueCapacity : bounds[2];
            Check.maxAtLeastMin(minWorkers, maxWorkers, this.pool);
            if (values.pinned != null) {
                if (this.limiter == null) {
                    throw new InvalidSettingException("adaptiveLimit", values.pinned,
                            "can only be pinned on a pool built with an adaptive limit", this.pool);
                }
                Check.between("adaptiveLimit", values.pinned, 1, maxWorkers, this.pool);
            }
            StartPermits permits = values.rateLimitSet ? permitsFor(values.rateLimit) : null;
            if (values.pinSet && this.limiter != null) {
                // Before the engine applies the rest, which wakes the workers and staffs
                // the queue.
                this.limiter.pin(values.pinned);
            }
            rest = this.engine.apply(minWorkers, maxWorkers, queueCapacity, values.rateLimitSet, permits,
                    values.paused);
        }
        // A slow thread factory holds up this caller only, not the next update.
        rest.run();
    }

    private @Nullable StartPermits permitsFor(@Nullable RateLimit rateLimit) {
        if (rateLimit == null) {
            return null;
        }
        StartPermits current = this.engine.permits();
        if (current == null) {
            return StartPermits.local(rateLimit, this.ticker::read);
        }
        try {
            return current.withRateLimit(rateLimit);
        }
        catch (InvalidSettingException ex) {
            // A rule of the source's own (a shared store's, say): a refused value as any.
            throw ex.forPool(this.pool);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Pool '" + this.pool + "' could not apply rate limit " + rateLimit
                    + " to its permit source " + current + ": " + ex, ex);
        }
    }

    @Override
    public String toString() {
        return "PoolTuning[" + this.pool + "]";
    }

    /** The values of one update, checked as they are set. */
    private static final class Values implements Change {

        private final String pool;

        @Nullable Integer minWorkers;

        @Nullable Integer maxWorkers;

        @Nullable Integer queueCapacity;

        boolean rateLimitSet;

        @Nullable RateLimit rateLimit;

        @Nullable Boolean paused;

        boolean pinSet;

        @Nullable Integer pinned;

        Values(String pool) {
            this.pool = pool;
        }

        @Override
        public Change minWorkers(int minWorkers) {
            this.minWorkers = Check.between("minWorkers", minWorkers, 0, WorkerPool.MAX_WORKERS, this.pool);
            return this;
        }

        @Override
        public Change maxWorkers(int maxWorkers) {
            this.maxWorkers = Check.between("maxWorkers", maxWorkers, 1, WorkerPool.MAX_WORKERS, this.pool);
            return this;
        }

        @Override
        public Change queueCapacity(int queueCapacity) {
            this.queueCapacity = Check.atLeast("queueCapacity", queueCapacity, 0, this.pool);
            return this;
        }

        @Override
        public Change rateLimit(@Nullable RateLimit rateLimit) {
            this.rateLimitSet = true;
            this.rateLimit = rateLimit;
            return this;
        }

        @Override
        public Change paused(boolean paused) {
            this.paused = paused;
            return this;
        }

        @Override
        public Change adaptiveLimit(@Nullable Integer pinned) {
            this.pinSet = true;
            this.pinned = (pinned != null)
                    ? Check.between("adaptiveLimit", pinned, 1, WorkerPool.MAX_WORKERS, this.pool) : null;
            return this;
        }

    }

}
