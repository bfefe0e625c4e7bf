package io.poolworks.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.poolworks.redis.StreamSource;
import io.poolworks.redis.StreamSourceStats;
import io.poolworks.spring.StreamBinding;
import io.poolworks.spring.StreamSourceRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the Redis streams that feed pools: {@code DOWN} when a binding's Redis has
 * been unreachable for longer than its {@code claim-idle}, for by then other instances
 * take over the entries this one holds, and this one reads nothing new; {@code UP}
 * otherwise, also during a shorter outage, which the source rides out by itself. Details:
 * each binding's stream, group, consumer, and whether Redis answers (and for how long it
 * has not). It does not ask Redis: it reads what each source saw last.
 */
final class StreamsHealthIndicator implements HealthIndicator {

    private final StreamSourceRegistry registry;

    StreamsHealthIndicator(StreamSourceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (StreamBinding binding : this.registry.bindings()) {
            StreamSource source = binding.source();
            StreamSourceStats stats = source.stats();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("stream", source.stream());
            details.put("group", source.group());
            details.put("consumer", source.consumer());
            details.put("pool", binding.pool());
            details.put("reachable", stats.reachable());
            if (!stats.reachable()) {
                details.put("unreachableFor", stats.unreachableFor());
                details.put("claimIdle", source.claimIdle());
                if (stats.unreachableFor().compareTo(source.claimIdle()) > 0) {
                    health.down();
                }
            }
            health.withDetail(binding.name(), details);
        }
        return health.build();
    }

}
