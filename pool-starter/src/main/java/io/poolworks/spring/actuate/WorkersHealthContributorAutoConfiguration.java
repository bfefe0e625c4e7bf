package io.poolworks.spring.actuate;

import io.poolworks.conductor.Conductor;
import io.poolworks.spring.autoconfigure.PoolworksWorkersAutoConfiguration;

import org.springframework.beans.factory.annotation.Qualifier;
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
 * {@link AutoConfiguration Auto-configuration} for the {@code workers} health
 * contributor, when the application has a conductor, Spring Boot Health is present and
 * {@code management.health.workers.enabled} is not {@code false}.
 */
@AutoConfiguration(after = PoolworksWorkersAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass({ Health.class, ConditionalOnEnabledHealthIndicator.class })
public final class WorkersHealthContributorAutoConfiguration {

    // On the method, not the class: the class's conditions are all loaded before any
    // is evaluated, and this one's class may be missing. The conductor is looked up by
    // name: it is not a default candidate, so a search by type misses it.
    @Bean
    @ConditionalOnEnabledHealthIndicator("workers")
    @ConditionalOnMissingBean(name = "workersHealthIndicator")
    @ConditionalOnBean(name = PoolworksWorkersAutoConfiguration.CONDUCTOR_BEAN_NAME)
    WorkersHealthIndicator workersHealthIndicator(
            @Qualifier(PoolworksWorkersAutoConfiguration.CONDUCTOR_BEAN_NAME) Conductor conductor,
            ConfigurableApplicationContext context) {
        return new WorkersHealthIndicator(conductor, context);
    }

}
