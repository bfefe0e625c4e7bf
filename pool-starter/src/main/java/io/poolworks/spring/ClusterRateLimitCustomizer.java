package io.poolworks.spring;

import io.poolworks.redis.ClusterRateLimit;

/**
 * Adjusts the builder of every cluster rate limit the starter builds for a pool with
 * {@code rate-limit.scope: cluster}, after the properties were applied and before it
 * connects to Redis. Customizer beans run in
 * {@link org.springframework.core.annotation.Order}, and the last write wins. <pre>{@code
 * &#64;Bean
 * ClusterRateLimitCustomizer slowRedis() {
 *     return (pool, builder) -> builder.requestTimeout(Duration.ofSeconds(2));
 * }
 * }</pre> Needs {@code poolworks-redis} on the class path. Implementations are called on
 * the thread that creates the pool bean.
 */
@FunctionalInterface
public interface ClusterRateLimitCustomizer {

    /**
     * Customize the builder of the cluster rate limit of the named pool.
     * @param pool the pool name
     * @param builder the builder, with the pool's properties applied
     */
    void customize(String pool, ClusterRateLimit.Builder builder);

}
