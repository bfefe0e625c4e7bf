package io.poolworks.spring.actuate;

import io.poolworks.spring.StreamSourceRegistry;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} for the {@code streams} health
 * contributor, when Spring Boot Health and {@code poolworks-redis} are present, the
 * application has a {@link StreamSourceRegistry} and
 * {@code management.health.streams.enabled} is not {@code false}.
 */
@AutoConfiguration(after = PoolworksAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(value = { Health.class, ConditionalOnEnabledHealthIndicator.class },
        name = "io.poolworks.redis.StreamSource")
public final class StreamsHealthContributorAutoConfiguration {

    // On the method, not the class: the class's conditions are all loaded before any
    // is evaluated, and this one's class may be missing.
    @Bean
    @ConditionalOnEnabledHealthIndicator("streams")
    @ConditionalOnMissingBean(name = "streamsHealthIndicator")
    @ConditionalOnBean(StreamSourceRegistry.class)
    StreamsHealthIndicator streamsHealthIndicator(StreamSourceRegistry registry) {
        return new StreamsHealthIndicator(registry);
    }

}
