package io.poolworks.spring.actuate;

import io.poolworks.spring.WorkerPoolRegistry;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} for the {@link PoolsEndpoint}, when Spring
 * Boot Actuator is present and the endpoint is available.
 */
@AutoConfiguration(after = PoolworksAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
public final class PoolsEndpointAutoConfiguration {

    // On the methods, not the class: the class's conditions are all loaded before any
    // is evaluated, and this one's class may be missing.
    @Bean
    @ConditionalOnAvailableEndpoint
    @ConditionalOnMissingBean
    @ConditionalOnBean(WorkerPoolRegistry.class)
    PoolsEndpoint poolsEndpoint(WorkerPoolRegistry registry) {
        return new PoolsEndpoint(registry);
    }

    @Bean
    @ConditionalOnBean(PoolsEndpoint.class)
    @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
    PoolsEndpointWebExtension poolsEndpointWebExtension(PoolsEndpoint endpoint) {
        return new PoolsEndpointWebExtension(endpoint);
    }

}
