/**
 * Scale-out on Redis, in plain Java over Lettuce.
 * <p>
 * {@link io.poolworks.redis.ClusterRateLimit} is a rate limit shared by every instance of
 * a service: a Bucket4j token bucket kept in Redis that a pool asks for a permit before
 * it starts a task, through the start-permit SPI of {@code poolworks-core}
 * ({@link io.poolworks.spi.StartPermits}). {@link io.poolworks.redis.StoreFailurePolicy}
 * says what the pool does while Redis cannot be reached, and
 * {@link io.poolworks.redis.ClusterRateLimitStats} counts what the limit did.
 */
@NullMarked
package io.poolworks.redis;

import org.jspecify.annotations.NullMarked;
