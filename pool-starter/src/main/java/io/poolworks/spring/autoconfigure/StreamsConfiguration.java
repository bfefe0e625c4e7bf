package io.poolworks.spring.autoconfigure;

import io.poolworks.spring.StreamSourceRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Redis streams that feed pools ({@code poolworks.streams.<binding>}), read on the
 * application's {@code LettuceConnectionFactory}, when {@code poolworks-redis} and Spring
 * Data Redis are on the class path. The sources themselves are worker beans that
 * {@link PoolBeanRegistrar} declares, one per binding.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = { "io.poolworks.redis.StreamSource",
        "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory" })
class StreamsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    StreamSourceRegistry streamSourceRegistry() {
        return new StreamSourceRegistry();
    }

    @Bean
    LettuceStreamSources poolworksStreamSources(ObjectProvider<RedisConnectionFactory> connectionFactory,
            StreamsProperties properties, StreamSourceRegistry registry, ConfigurableListableBeanFactory beanFactory,
            Environment environment) {
        return new LettuceStreamSources(new ApplicationRedis(connectionFactory, environment),
                new StreamBindingMapper(properties, beanFactory, environment), registry);
    }

}
