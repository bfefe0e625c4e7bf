package io.poolworks.spring.autoconfigure;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one binding of {@code poolworks.*}, shared by the pools' and the workers'
 * auto-configurations: whichever is active imports it.
 */
@Configuration(proxyBeanMethods = false)
class PoolworksPropertiesConfiguration {

    @Bean
    static PoolBeanRegistrar poolworksPoolBeanRegistrar(Environment environment) {
        return new PoolBeanRegistrar(environment);
    }

}
