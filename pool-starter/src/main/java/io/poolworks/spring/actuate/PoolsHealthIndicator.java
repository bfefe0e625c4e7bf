package io.poolworks.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.poolworks.PoolState;
import io.poolworks.PoolStats;
import io.poolworks.WorkerPool;
import io.poolworks.spring.SharedRateLimit;
import io.poolworks.spring.WorkerPoolRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Health of the pools: {@code DOWN} when a pool is draining or terminated while the
 * application runs, since that pool takes no more tasks; {@code UP} otherwise, and also
 * once the application context is closing, when pools drain as they should. Details: the
 * state and utilisation of each pool and, for a rate limit shared in Redis, its key and
 * whether Redis answers ({@code rateLimitStore}): a pool whose store is unreachable is
 * reported there, not as {@code DOWN}, since it still takes tasks.
 */
final class PoolsHealthIndicator implements HealthIndicator {

    private final WorkerPoolRegistry registry;

    private final ConfigurableApplicationContext context;

    PoolsHealthIndicator(WorkerPoolRegistry registry, ConfigurableApplicationContext context) {
        this.registry = registry;
        this.context = context;
    }

    @Override
    public Health health() {
        // isClosed() turns true as soon as close() starts, before any pool drains.
        boolean closing = this.context.isClosed();
        Health.Builder health = Health.up();
        for (WorkerPool pool : this.registry.pools()) {
            PoolStats stats = pool.stats();
            if (!closing && (stats.state() == PoolState.DRAINING || stats.state() == PoolState.TERMINATED)) {
                health.down();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", stats.state());
            details.put("utilization", stats.utilization());
            // A pool whose shared rate limit cannot reach Redis still takes tasks: a
            // detail, not DOWN (the store-failure policy decides what starts).
            SharedRateLimit.of(pool).ifPresent((shared) -> details.put("rateLimitStore", store(shared)));
            health.withDetail(pool.name(), details);
        }
        return health.build();
    }

    private static Map<String, Object> store(SharedRateLimit shared) {
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("key", shared.key());
        store.put("reachable", shared.storeReachable());
        store.put("onStoreFailure", shared.onStoreFailure());
        return store;
    }

}
