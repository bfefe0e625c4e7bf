package io.poolworks.spring.observation;

import io.micrometer.observation.ObservationRegistry;
import io.poolworks.spring.TaskObservers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} for the Observation of pool tasks: with an
 * {@link ObservationRegistry} bean, the pools whose tasks are observed
 * ({@code poolworks.observation.enabled}, {@code poolworks.pools.<name>.observation})
 * start an Observation {@code poolworks.task} per task. The other pools get nothing.
 */
// By name: spring-boot-micrometer-observation is optional; an ObservationRegistry bean
// is enough.
@AutoConfiguration(
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class PoolworksObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static TaskObservers poolworksTaskObservers(ObjectProvider<ObservationRegistry> registry,
            ObjectProvider<PoolTaskObservationConvention> convention) {
        return (pool) -> new ObservedPool(pool, registry.getObject(), convention.getIfUnique());
    }

}
