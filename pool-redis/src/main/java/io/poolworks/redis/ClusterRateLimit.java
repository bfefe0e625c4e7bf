package io.poolworks.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongConsumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.poolworks.InvalidSettingException;
import io.poolworks.RateLimit;
import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;

/**
 * A rate limit shared by every instance of a service: the token bucket lives in Redis, so
 * that ten instances each running a pool limited to 20 starts a second together start 20
 * a second, not 200. <pre>{@code
 * RedisClient redis = RedisClient.create("redis://localhost:6379");
 * ClusterRateLimit mailLimit = ClusterRateLimit.builder(redis, "mail-provider")
 *         .rateLimit(RateLimit.of(20, Duration.ofSeconds(1)).withBurst(5))
 *         .onStoreFailure(StoreFailurePolicy.LOCAL)
 *         .build();
 * WorkerPool mail = WorkerPool.builder("mail").maxWorkers(4).startPermits(mailLimit).build();
 * // ... at the end, after the pool:
 * mail.close();
 * mailLimit.close();
 * }</pre>
 * <p>
 * Each start costs one operation on the shared bucket (Bucket4j's compare-and-swap over
 * Lettuce: the state is read, a token taken and the state written back only if nobody
 * changed it meanwhile), bounded by the {@linkplain Builder#requestTimeout(Duration)
 * request timeout}. The pool makes that call from the one worker waiting for a permit and
 * never under its lock, so submitters never wait for Redis. The key expires a minute
 * after the bucket would be full again, so an idle limit leaves nothing behind.
 * <p>
 * {@link #withRateLimit(RateLimit)} (which a pool's
 * {@link io.poolworks.PoolTuning#rateLimit(RateLimit)} calls) changes the limit in Redis,
 * for every instance: each instance learns the limit in force from the bucket on its next
 * start. A changed limit lasts as long as the key: once the bucket has been idle long
 * enough to expire, the next instance to start a task recreates it with the limit it last
 * saw. Each {@link Builder#build()} writes its limit too, so that after a deployment the
 * limit is the one the instances were built with.
 * <p>
 * While Redis cannot be reached, the {@linkplain StoreFailurePolicy store-failure policy}
 * decides: pause starts (the default), fall back to a local bucket of the same settings,
 * or stop limiting. Each outage is logged once (WARN) when it begins and once (INFO) when
 * it ends. During an outage the limit answers at once and, while the pool asks it for
 * permits, checks in the background whether the store answers again (a {@code PING} every
 * request timeout or every second, whichever is shorter).
 * <p>
 * The limit owns one Redis connection, opened by {@link Builder#build()} from the given
 * client and closed by {@link #close()}; the client stays the caller's. An instance
 * serves one pool. It is thread-safe: the pool calls {@link #tryAcquire()} and
 * {@link #release()} one at a time, while {@link #withRateLimit(RateLimit)},
 * {@link #stats()} and the accessors may be called from any thread.
 */
public interface ClusterRateLimit extends StartPermits, AutoCloseable {

    /**
     * Return a builder for a limit kept in a standalone (or Sentinel-managed) Redis.
     * @param client the Lettuce client to open the limit's connection with; it stays the
     * caller's to shut down
     * @param key the Redis key of the shared bucket: every instance that uses the same
     * key shares one limit
     * @return a new builder
     * @throws NullPointerException if an argument is {@code null}
     * @throws InvalidSettingException if the key is empty or blank
     */
    static Builder builder(RedisClient client, String key) {
        Objects.requireNonNull(client, "client must not be null");
        return new Builder((timeout) -> RedisStore.standalone(client, timeout), key);
    }

    /**
     * Return a builder for a limit kept in the standalone (or Sentinel-managed) Redis at
     * the given URI, for a client made without a default URI or to use another database
     * than the client's.
     * @param client the Lettuce client to open the limit's connection with; it stays the
     * caller's to shut down
     * @param uri where the bucket lives: host, credentials, TLS, database
     * @param key the Redis key of the shared bucket
     * @return a new builder
     * @throws NullPointerException if an argument is {@code null}
     * @throws InvalidSettingException if the key is empty or blank
     */
    static Builder builder(RedisClient client, RedisURI uri, String key) {
        Objects.requireNonNull(client, "client must not be null");
        Objects.requireNonNull(uri, "uri must not be null");
        return new Builder((timeout) -> RedisStore.standalone(client, uri, timeout), key);
    }

    /**
     * Return a builder for a limit kept in a Redis Cluster. The bucket lives on the node
     * that owns the key's slot.
     * @param client the Lettuce cluster client to open the limit's connection with; it
     * stays the caller's to shut down
     * @param key the Redis key of the shared bucket
     * @return a new builder
     * @throws NullPointerException if an argument is {@code null}
     * @throws InvalidSettingException if the key is empty or blank
     */
    static Builder builder(RedisClusterClient client, String key) {
        Objects.requireNonNull(client, "client must not be null");
        return new Builder((timeout) -> RedisStore.cluster(client, timeout), key);
    }

    /**
     * Take a permit from the shared bucket: one round trip to Redis. During an outage,
     * answers under the store-failure policy without waiting for Redis.
     * @return {@code 0} if a permit was taken; otherwise the nanoseconds after which to
     * ask again (at most one second, so that a limit changed by another instance is seen
     * soon)
     * @throws IllegalStateException under {@link StoreFailurePolicy#PAUSE} while the
     * store is unreachable, and after {@link #close()}
     */
    @Override
    long tryAcquire();

    /**
     * Give back the permit of the last {@link #tryAcquire()} (to the shared bucket, or to
     * the local one if it came from there during an outage). Does nothing if the last
     * call took nothing. A failure to reach the store is counted, not thrown.
     */
    @Override
    void release();

    /**
     * Return the limit in force, as this instance last saw it in the store.
     * @return the rate limit, never {@code null}
     */
    @Override
    RateLimit rateLimit();

    /**
     * Change the limit in the store, for every instance that shares the key. Tokens saved
     * in the bucket are kept, up to the new burst.
     * @param rateLimit the new limit
     * @return this limit
     * @throws NullPointerException if {@code null}
     * @throws InvalidSettingException if the limit cannot be kept in Redis (a period
     * shorter than a millisecond)
     * @throws IllegalStateException if the store cannot be reached; the limit is then
     * unchanged
     */
    @Override
    ClusterRateLimit withRateLimit(RateLimit rateLimit);

    /**
     * Return the Redis key of the shared bucket.
     * @return the key
     */
    String key();

    /**
     * Return what the limit does while its store cannot be reached.
     * @return the policy
     */
    StoreFailurePolicy onStoreFailure();

    /**
     * Return whether the last operation on the store succeeded.
     * @return {@code false} during an outage
     */
    boolean storeReachable();

    /**
     * Return a snapshot of the limit's counters.
     * @return the statistics
     */
    ClusterRateLimitStats stats();

    /**
     * Close the limit's Redis connection. The client given to the builder is left open.
     * Call it after the pool that uses the limit has terminated. Closing again does
     * nothing, so that the pool (which closes its permit source when it terminates) and
     * the code that built the limit may both close it.
     */
    @Override
    void close();

    /**
     * Builds a {@link ClusterRateLimit}. Mutable and not thread-safe; each setter checks
     * its value at once, {@link #build()} checks that a rate limit was set. The builder
     * can build again.
     */
    final class Builder {

        /** The default bound on one operation on the store. */
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMillis(500);

        /** The longest request timeout: waiting longer for a permit is an outage. */
        public static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(1);

        /** The bucket in Redis counts time in milliseconds. */
        private static final Duration MIN_PERIOD = Duration.ofMillis(1);

        private final Function<Duration, RedisStore> connector;

        private final String key;

        private @Nullable RateLimit rateLimit;

        private StoreFailurePolicy onStoreFailure = StoreFailurePolicy.PAUSE;

        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private @Nullable LongConsumer roundTripListener;

        Builder(Function<Duration, RedisStore> connector, String key) {
            this.connector = connector;
            this.key = checkKey(key);
        }

        /**
         * Set the limit: {@code permits} per {@code period} with a {@code burst}, shared
         * by every instance. Required. {@link #build()} writes it to the bucket,
         * replacing the limit stored there (tokens saved are kept up to the burst): the
         * instance built last decides, as a run-time
         * {@link ClusterRateLimit#withRateLimit(RateLimit) change} does.
         * @param rateLimit the limit
         * @return this builder
         * @throws NullPointerException if {@code null}
         * @throws InvalidSettingException if its period is shorter than a millisecond
         * (the setting {@code rateLimit.period})
         */
        public Builder rateLimit(RateLimit rateLimit) {
            this.rateLimit = checkRateLimit(rateLimit);
            return this;
        }

        /**
         * Set what the limit does while the store cannot be reached. Default
         * {@link StoreFailurePolicy#PAUSE}.
         * @param onStoreFailure the policy
         * @return this builder
         * @throws NullPointerException if {@code null}
         */
        public Builder onStoreFailure(StoreFailurePolicy onStoreFailure) {
            this.onStoreFailure = Objects.requireNonNull(onStoreFailure, "onStoreFailure must not be null");
            return this;
        }

        /**
         * Set how long one operation on the store may take before it counts as a failure
         * and the store-failure policy applies. Default 500 ms.
         * @param requestTimeout the timeout, positive and at most one minute
         * @return this builder
         * @throws NullPointerException if {@code null}
         * @throws InvalidSettingException if zero, negative or longer than a minute
         */
        public Builder requestTimeout(Duration requestTimeout) {
            Objects.requireNonNull(requestTimeout, "requestTimeout must not be null");
            if (requestTimeout.isZero() || requestTimeout.isNegative()) {
                throw new InvalidSettingException("requestTimeout", requestTimeout, "must be positive", null);
            }
            if (requestTimeout.compareTo(MAX_REQUEST_TIMEOUT) > 0) {
                throw new InvalidSettingException("requestTimeout", requestTimeout,
                        "must be at most " + MAX_REQUEST_TIMEOUT, null);
            }
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Set a listener told the duration of each completed round trip to the store, to
         * feed a timer with a recent maximum (the {@link ClusterRateLimit#stats()
         * statistics} keep a count, a total and the longest since the limit was built).
         * It is called on the thread that made the round trip (a worker of the pool, or
         * the thread that changes the limit), so it must be quick; if it throws, the
         * failure is logged and the limit goes on. Default: none.
         * @param roundTripListener the listener, given nanoseconds
         * @return this builder
         * @throws NullPointerException if {@code null}
         */
        public Builder roundTripListener(LongConsumer roundTripListener) {
            this.roundTripListener = Objects.requireNonNull(roundTripListener, "roundTripListener must not be null");
            return this;
        }

        /**
         * Open the limit's connection, write the limit to the bucket and build the limit.
         * Redis must accept the connection now; if writing the limit fails, the limit
         * starts in an outage (handled by the store-failure policy) and the bucket keeps
         * the limit stored there.
         * @return a new limit
         * @throws InvalidSettingException if no rate limit was set (the setting
         * {@code rateLimit})
         * @throws io.lettuce.core.RedisConnectionException if Redis cannot be reached
         */
        public ClusterRateLimit build() {
            RateLimit rateLimit = this.rateLimit;
            if (rateLimit == null) {
                throw new InvalidSettingException("rateLimit", null,
                        "must be set for cluster rate limit '" + this.key + "'", null);
            }
            return new RedisStartPermits(this.connector.apply(this.requestTimeout), this.key, rateLimit,
                    this.onStoreFailure, this.requestTimeout, this.roundTripListener);
        }

        private static String checkKey(String key) {
            Objects.requireNonNull(key, "key must not be null");
            if (key.isBlank()) {
                throw new InvalidSettingException("key", "'" + key + "'", "must not be empty or blank", null);
            }
            return key;
        }

        static RateLimit checkRateLimit(RateLimit rateLimit) {
            Objects.requireNonNull(rateLimit, "rateLimit must not be null");
            if (rateLimit.period().compareTo(MIN_PERIOD) < 0) {
                throw new InvalidSettingException("rateLimit.period", rateLimit.period(),
                        "must be at least 1ms for a cluster rate limit (the bucket in Redis counts milliseconds)",
                        null);
            }
            return rateLimit;
        }

    }

}
