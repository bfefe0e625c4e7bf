package io.poolworks.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.poolworks.PoolState;
import io.poolworks.PoolStats;
import io.poolworks.WorkerPool;
import io.poolworks.spring.WorkerPoolRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Health of the pools: {@code DOWN} when a pool is draining or terminated while the
 * application runs, since that pool takes no more tasks; {@code UP} otherwise, and also
 * once the application context is closing, when pools drain as they should. Details: the
 * state and utilisation of each pool.
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
            health.withDetail(pool.name(), details);
        }
        return health.build();
    }

}
