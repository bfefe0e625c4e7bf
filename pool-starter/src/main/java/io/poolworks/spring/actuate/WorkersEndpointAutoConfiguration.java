package io.poolworks.spring.actuate;

import io.poolworks.conductor.Conductor;
import io.poolworks.spring.autoconfigure.PoolworksWorkersAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} for the {@link WorkersEndpoint}, when
 * Spring Boot Actuator is present and the endpoint is available. The endpoint shows the
 * application's conductor, and is empty when there is none.
 */
@AutoConfiguration(after = PoolworksWorkersAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
public final class WorkersEndpointAutoConfiguration {

    // On the method, not the class: the class's conditions are all loaded before any
    // is evaluated, and this one's class may be missing.
    @Bean
    @ConditionalOnAvailableEndpoint
    @ConditionalOnMissingBean
    WorkersEndpoint workersEndpoint(
            @Qualifier(PoolworksWorkersAutoConfiguration.CONDUCTOR_BEAN_NAME) ObjectProvider<Conductor> conductor) {
        return new WorkersEndpoint(conductor.getIfAvailable());
    }

}
