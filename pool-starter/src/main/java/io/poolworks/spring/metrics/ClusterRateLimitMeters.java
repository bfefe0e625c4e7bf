package io.poolworks.spring.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.poolworks.WorkerPool;
import io.poolworks.redis.ClusterRateLimit;
import io.poolworks.redis.ClusterRateLimitStats;
import io.poolworks.spring.ClusterRateLimitCustomizer;
import io.poolworks.spring.WorkerPoolRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The meters of a rate limit shared in Redis, registered for each one the starter builds
 * ({@code rate-limit.scope: cluster}), tagged {@code name=<pool>}: the permits taken, the
 * failed operations on Redis, whether Redis answers, and the time of each round trip to
 * it (a {@link StripedTimer}: count, total and a recent maximum). The waits for a permit
 * are the pool's own {@code poolworks.rate.limit.waits}.
 * <p>
 * The counters read the limit through the pool registry, by pool name, so that no meter
 * holds the limit or its pool; the timer is fed by the limit's round-trip listener, which
 * holds it.
 */
final class ClusterRateLimitMeters implements ClusterRateLimitCustomizer {

    static final String PERMITS = "poolworks.rate.limit.permits";

    static final String STORE_ERRORS = "poolworks.rate.limit.store.errors";

    static final String STORE_REACHABLE = "poolworks.rate.limit.store.reachable";

    static final String ROUND_TRIPS = "poolworks.rate.limit.store.round.trips";

    private final MeterRegistry registry;

    private final ObjectProvider<WorkerPoolRegistry> pools;

    ClusterRateLimitMeters(MeterRegistry registry, ObjectProvider<WorkerPoolRegistry> pools) {
        this.registry = registry;
        this.pools = pools;
    }

    @Override
    public void customize(String pool, ClusterRateLimit.Builder builder) {
        Tags tags = Tags.of(PoolMeters.NAME_TAG, pool);
        StripedTimer roundTrips = StripedTimer.register(this.registry, ROUND_TRIPS, tags,
                "Time the pool's rate limit took for each operation on its shared bucket in Redis",
                "Longest operation of the pool's rate limit on its shared bucket in Redis, over the last one to "
                        + "two minutes");
        builder.roundTripListener(roundTrips::record);
        // The registry, a bean, is what the meters hold (weakly, as Micrometer does); the
        // pool and its limit are looked up at each read.
        WorkerPoolRegistry pools = this.pools.getObject();
        FunctionCounter.builder(PERMITS, pools, (registry) -> read(registry, pool, ClusterRateLimitStats::permitsTaken))
            .tags(tags)
            .description("The number of start permits the pool took from its rate limit shared in Redis "
                    + "(while Redis is unreachable, under the store-failure policy)")
            .register(this.registry);
        FunctionCounter
            .builder(STORE_ERRORS, pools, (registry) -> read(registry, pool, ClusterRateLimitStats::storeErrors))
            .tags(tags)
            .description("The number of operations of the pool's rate limit on Redis that failed or timed out")
            .register(this.registry);
        Gauge
            .builder(STORE_REACHABLE, pools,
                    (registry) -> read(registry, pool, (stats) -> stats.storeReachable() ? 1.0 : 0.0))
            .tags(tags)
            .description("Whether the pool's rate limit reaches Redis (1) or applies its store-failure policy (0)")
            .register(this.registry);
    }

    /**
     * Read the statistics of a pool's shared rate limit: {@code NaN} while there is no
     * such pool or limit.
     */
    private static double read(WorkerPoolRegistry registry, String pool,
            ToDoubleFunction<ClusterRateLimitStats> value) {
        WorkerPool found = registry.find(pool).orElse(null);
        if (found != null && found.settings().startPermits() instanceof ClusterRateLimit limit) {
            return value.applyAsDouble(limit.stats());
        }
        return Double.NaN;
    }

}
