package io.poolworks.spring.actuate;

import io.poolworks.spring.WorkerPoolRegistry;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} for the {@code pools} health contributor,
 * when Spring Boot Health is present and {@code management.health.pools.enabled} is not
 * {@code false}.
 */
@AutoConfiguration(after = PoolworksAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass({ Health.class, ConditionalOnEnabledHealthIndicator.class })
public final class PoolsHealthContributorAutoConfiguration {

    // On the method, not the class: the class's conditions are all loaded before any
    // is evaluated, and this one's class may be missing.
    @Bean
    @ConditionalOnEnabledHealthIndicator("pools")
    @ConditionalOnMissingBean(name = "poolsHealthIndicator")
    @ConditionalOnBean(WorkerPoolRegistry.class)
    PoolsHealthIndicator poolsHealthIndicator(WorkerPoolRegistry registry, ConfigurableApplicationContext context) {
        return new PoolsHealthIndicator(registry, context);
    }

}
