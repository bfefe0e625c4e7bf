package io.poolworks.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.BucketProxy;
import io.poolworks.InvalidSettingException;
import io.poolworks.RateLimit;
import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterRateLimit}: permits from a Bucket4j bucket in Redis, one
 * compare-and-swap operation per start, and the store-failure policy while Redis does not
 * answer.
 * <p>
 * The shared bucket never reserves: a start that finds it empty is told how long until
 * the next token and asks again then, so that a paused or vanished instance never holds
 * tokens that the others could use. Each answer also brings the bucket's configuration,
 * which is how an instance learns a limit another instance set, at no extra cost.
 */
final class RedisStartPermits implements ClusterRateLimit {

    private static final Logger logger = LoggerFactory.getLogger(ClusterRateLimit.class);

    /** The longest wait answered, so that a limit raised elsewhere is seen soon. */
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The most often the store is probed during an outage. */
    private static final Duration MAX_PROBE_INTERVAL = Duration.ofSeconds(1);

    /** What the last {@link #tryAcquire()} holds, for {@link #release()}. */
    private enum Held {

        NONE, SHARED_PERMIT, LOCAL_PERMIT, LOCAL_RESERVATION

    }

    private final RedisStore store;

    private final String key;

    private final StoreFailurePolicy policy;

    private final StoreHealth health;

    private final BucketProxy bucket;

    /** The limit in force, as last written or seen in the store. */
    private volatile Limit limit;

    /** Serializes the pool's calls, which may come from different workers in turn. */
    private final ReentrantLock permitLock = new ReentrantLock();

    /** Guarded by permitLock. */
    private Held held = Held.NONE;

    /**
     * The fallback of {@link StoreFailurePolicy#LOCAL}, made on first use; guarded by
     * permitLock.
     */
    private @Nullable StartPermits local;

    private final LongAdder permitsTaken = new LongAdder();

    private final LongAdder permitsReturned = new LongAdder();

    private final LongAdder waits = new LongAdder();

    private final LongAdder roundTrips = new LongAdder();

    private final LongAdder roundTripNanos = new LongAdder();

    private final AtomicLong maxRoundTripNanos = new AtomicLong();

    private final @Nullable LongConsumer roundTripListener;

    private final AtomicBoolean listenerFailed = new AtomicBoolean();

    private final AtomicBoolean closed = new AtomicBoolean();

    RedisStartPermits(RedisStore store, String key, RateLimit rateLimit, StoreFailurePolicy policy,
            Duration requestTimeout, @Nullable LongConsumer roundTripListener) {
        this.store = store;
        this.roundTripListener = roundTripListener;
        this.key = key;
        this.policy = policy;
        this.limit = Limit.of(rateLimit);
        this.health = new StoreHealth(key, policy, store,
                (requestTimeout.compareTo(MAX_PROBE_INTERVAL) < 0) ? requestTimeout : MAX_PROBE_INTERVAL);
        this.bucket = store.bucket(key, () -> this.limit.configuration());
        publish(this.limit);
    }

    /**
     * Write the builder's limit to the store, so that the instance that started last
     * decides the limit, as a run-time change does. A failure begins an outage; the limit
     * then stays what the store holds.
     */
    private void publish(Limit limit) {
        long start = System.nanoTime();
        try {
            this.bucket.replaceConfiguration(limit.configuration(), TokensInheritanceStrategy.AS_IS);
            roundTrip(start);
        }
        catch (RuntimeException ex) {
            this.health.failed(ex);
        }
    }

    @Override
    public long tryAcquire() {
        if (this.closed.get()) {
            throw new IllegalStateException("Cluster rate limit '" + this.key + "' is closed");
        }
        this.permitLock.lock();
        try {
            Held previous = this.held;
            this.held = Held.NONE;
            if (!this.health.shouldTry()) {
                return whileUnreachable(null);
            }
            if (previous == Held.LOCAL_RESERVATION && this.local != null) {
                // The outage ended before the reserved local token was due.
                this.local.release();
            }
            long start = System.nanoTime();
            VerboseResult<ConsumptionProbe> result;
            try {
                result = this.bucket.asVerbose().tryConsumeAndReturnRemaining(1);
            }
            catch (RuntimeException ex) {
                if (Thread.currentThread().isInterrupted()) {
                    // The pool is stopping the worker: not an outage.
                    throw ex;
                }
                this.health.failed(ex);
                return whileUnreachable(ex);
            }
            roundTrip(start);
            this.health.succeeded();
            learn(result.getConfiguration());
            ConsumptionProbe probe = result.getValue();
            if (probe.isConsumed()) {
                this.held = Held.SHARED_PERMIT;
                this.permitsTaken.increment();
                return 0L;
            }
            this.waits.increment();
            return Math.max(1L, Math.min(probe.getNanosToWaitForRefill(), MAX_WAIT_NANOS));
        }
        finally {
            this.permitLock.unlock();
        }
    }

    /** Answer under the store-failure policy. Called with permitLock held. */
    private long whileUnreachable(@Nullable RuntimeException failure) {
        switch (this.policy) {
            case OPEN -> {
                this.permitsTaken.increment();
                return 0L;
            }
            case LOCAL -> {
                long wait = local().tryAcquire();
                if (wait == 0L) {
                    this.held = Held.LOCAL_PERMIT;
                    this.permitsTaken.increment();
                    return 0L;
                }
                this.held = Held.LOCAL_RESERVATION;
                this.waits.increment();
                return Math.min(wait, MAX_WAIT_NANOS);
            }
            default -> throw new IllegalStateException(
                    "Cluster rate limit '" + this.key + "' cannot reach Redis: no task starts until it answers again",
                    failure);
        }
    }

    /** Return the local fallback for the limit in force. Called with permitLock held. */
    private LocalPermits local() {
        StartPermits local = this.local;
        RateLimit rateLimit = this.limit.rateLimit();
        if (local == null || !rateLimit.equals(local.rateLimit())) {
            local = StartPermits.local(rateLimit);
            this.local = local;
        }
        return new LocalPermits(local);
    }

    @Override
    public void release() {
        this.permitLock.lock();
        try {
            Held held = this.held;
            this.held = Held.NONE;
            switch (held) {
                case SHARED_PERMIT -> giveBack();
                case LOCAL_PERMIT, LOCAL_RESERVATION -> {
                    StartPermits local = this.local;
                    if (local != null) {
                        local.release();
                        if (held == Held.LOCAL_PERMIT) {
                            this.permitsReturned.increment();
                        }
                    }
                }
                case NONE -> {
                }
            }
        }
        finally {
            this.permitLock.unlock();
        }
    }

    private void giveBack() {
        long start = System.nanoTime();
        try {
            this.bucket.addTokens(1);
        }
        catch (RuntimeException ex) {
            if (!Thread.currentThread().isInterrupted()) {
                this.health.failed(ex);
            }
            return;
        }
        roundTrip(start);
        this.health.succeeded();
        this.permitsReturned.increment();
    }

    @Override
    public RateLimit rateLimit() {
        return this.limit.rateLimit();
    }

    @Override
    public ClusterRateLimit withRateLimit(RateLimit rateLimit) {
        Limit next = Limit.of(Builder.checkRateLimit(rateLimit));
        long start = System.nanoTime();
        try {
            this.bucket.replaceConfiguration(next.configuration(), TokensInheritanceStrategy.AS_IS);
        }
        catch (RuntimeException ex) {
            this.health.failed(ex);
            throw new IllegalStateException("Cluster rate limit '" + this.key + "' could not change its limit to "
                    + rateLimit + " in Redis: " + ex.getMessage(), ex);
        }
        roundTrip(start);
        this.health.succeeded();
        this.limit = next;
        return this;
    }

    /** Adopt the limit the store holds if another instance changed it. */
    private void learn(BucketConfiguration stored) {
        if (!stored.equals(this.limit.configuration())) {
            Limit learned = Limit.from(stored);
            if (learned != null) {
                this.limit = learned;
            }
        }
    }

    private void roundTrip(long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        this.roundTrips.increment();
        this.roundTripNanos.add(nanos);
        if (nanos > this.maxRoundTripNanos.get()) {
            this.maxRoundTripNanos.accumulateAndGet(nanos, Math::max);
        }
        LongConsumer listener = this.roundTripListener;
        if (listener != null) {
            try {
                listener.accept(nanos);
            }
            catch (RuntimeException ex) {
                // Once at WARN: a listener that always fails must not flood the log.
                if (this.listenerFailed.compareAndSet(false, true)) {
                    logger.warn("Cluster rate limit '{}': its round-trip listener failed (further failures are "
                            + "logged at DEBUG)", this.key, ex);
                }
                else {
                    logger.debug("Cluster rate limit '{}': its round-trip listener failed", this.key, ex);
                }
            }
        }
    }

    @Override
    public String key() {
        return this.key;
    }

    @Override
    public StoreFailurePolicy onStoreFailure() {
        return this.policy;
    }

    @Override
    public boolean storeReachable() {
        return this.health.reachable();
    }

    @Override
    public ClusterRateLimitStats stats() {
        return new ClusterRateLimitStats(this.key, this.policy, this.limit.rateLimit(), this.health.reachable(),
                this.permitsTaken.sum(), this.permitsReturned.sum(), this.waits.sum(), this.health.errors(),
                this.health.outages(), this.roundTrips.sum(), this.roundTripNanos.sum(), this.maxRoundTripNanos.get());
    }

    @Override
    public void close() {
        if (this.closed.compareAndSet(false, true)) {
            this.store.close();
        }
    }

    @Override
    public String toString() {
        return "ClusterRateLimit(key=" + this.key + ", rateLimit=" + this.limit.rateLimit() + ", onStoreFailure="
                + this.policy + ")";
    }

    /**
     * A local bucket's answers without the SPI's checked exception (it never throws one).
     */
    private record LocalPermits(StartPermits permits) {

        long tryAcquire() {
            try {
                return this.permits.tryAcquire();
            }
            catch (RuntimeException ex) {
                throw ex;
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }

    }

    /** A rate limit and the Bucket4j configuration that enforces it. */
    private record Limit(RateLimit rateLimit, BucketConfiguration configuration) {

        static Limit of(RateLimit rateLimit) {
            Bandwidth bandwidth = Bandwidth.builder()
                .capacity(rateLimit.burst())
                .refillGreedy(rateLimit.permits(), rateLimit.period())
                .build();
            return new Limit(rateLimit, BucketConfiguration.builder().addLimit(bandwidth).build());
        }

        /**
         * The limit a stored configuration enforces, or null if it is not one of ours.
         */
        static @Nullable Limit from(BucketConfiguration configuration) {
            Bandwidth[] bandwidths = configuration.getBandwidths();
            if (bandwidths.length != 1) {
                return null;
            }
            Bandwidth bandwidth = bandwidths[0];
            try {
                RateLimit rateLimit = new RateLimit(bandwidth.getRefillTokens(),
                        Duration.ofNanos(bandwidth.getRefillPeriodNanos()), bandwidth.getCapacity());
                return new Limit(rateLimit, configuration);
            }
            catch (InvalidSettingException ex) {
                return null;
            }
        }

    }

}
