package io.poolworks.spring.actuate;

import io.poolworks.spring.StreamSourceRegistry;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} for the {@link StreamsEndpoint}, when
 * Spring Boot Actuator and {@code poolworks-redis} are present, the application has a
 * {@link StreamSourceRegistry} (Spring Data Redis is present too) and the endpoint is
 * available.
 */
@AutoConfiguration(after = PoolworksAutoConfiguration.class)
@ConditionalOnClass(
        name = { "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint",
                "io.poolworks.redis.StreamSource" })
public final class StreamsEndpointAutoConfiguration {

    // On the method, not the class: the class's conditions are all loaded before any
    // is evaluated, and this one's class may be missing.
    @Bean
    @ConditionalOnAvailableEndpoint
    @ConditionalOnMissingBean
    @ConditionalOnBean(StreamSourceRegistry.class)
    StreamsEndpoint streamsEndpoint(StreamSourceRegistry registry) {
        return new StreamsEndpoint(registry);
    }

}
