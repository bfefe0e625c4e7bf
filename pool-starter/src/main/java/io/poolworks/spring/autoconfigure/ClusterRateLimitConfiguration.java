package io.poolworks.spring.autoconfigure;

import io.poolworks.spring.ClusterRateLimitCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Rate limits shared in Redis, on the application's {@code LettuceConnectionFactory},
 * when {@code poolworks-redis} and Spring Data Redis are on the class path.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = { "io.poolworks.redis.ClusterRateLimit",
        "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory" })
class ClusterRateLimitConfiguration {

    @Bean
    LettuceClusterPermits poolworksClusterPermits(ObjectProvider<RedisConnectionFactory> connectionFactory,
            ObjectProvider<ClusterRateLimitCustomizer> customizers, Environment environment) {
        return new LettuceClusterPermits(connectionFactory, customizers, environment);
    }

}
