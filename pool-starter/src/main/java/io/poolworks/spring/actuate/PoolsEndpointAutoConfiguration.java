package io.poolworks.spring.actuate;

import io.poolworks.spring.WorkerPoolRegistry;
import io.poolworks.spring.autoconfigure.PoolworksAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

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

    /**
     * Answers for the write that Boot's servlet endpoints cannot give: unknown members,
     * values of the wrong shape, and which property permits the write.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.servlet.Filter")
    static class ServletWriteConfiguration {

        // Member classes are read before the outer class's beans: the registry, not the
        // endpoint bean, is there to condition on.
        @Bean
        @ConditionalOnBean(WorkerPoolRegistry.class)
        @ConditionalOnAvailableEndpoint(endpoint = PoolsEndpoint.class, exposure = EndpointExposure.WEB)
        FilterRegistrationBean<PoolsWriteFilter> poolsWriteFilter(ObjectProvider<PathMappedEndpoints> endpoints,
                WorkerPoolRegistry registry, Environment environment) {
            FilterRegistrationBean<PoolsWriteFilter> registration = new FilterRegistrationBean<>(
                    new PoolsWriteFilter(endpoints::getIfAvailable, registry, environment));
            // After Spring Security's filters (-100): who may write is decided first.
            registration.setOrder(0);
            return registration;
        }

    }

}
