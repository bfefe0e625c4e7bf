/**
 * Scale-out on Redis, in plain Java over Lettuce.
 * <p>
 * {@link io.poolworks.redis.ClusterRateLimit} is a rate limit shared by every instance of
 * a service: a Bucket4j token bucket kept in Redis that a pool asks for a permit before
 * it starts a task, through the start-permit SPI of {@code poolworks-core}
 * ({@link io.poolworks.spi.StartPermits}). {@link io.poolworks.redis.StoreFailurePolicy}
 * says what the pool does while Redis cannot be reached, and
 * {@link io.poolworks.redis.ClusterRateLimitStats} counts what the limit did.
 * <p>
 * {@link io.poolworks.redis.StreamSource} is durable work: a Conductor worker that feeds
 * a pool from a Redis stream through a consumer group, so that entries survive the crash
 * of an instance and spread over every instance. Users implement
 * {@link io.poolworks.redis.StreamHandler}, which receives each
 * {@link io.poolworks.redis.StreamEntry}; delivery is at least once.
 * {@link io.poolworks.redis.StreamSourceStats} counts what the source did and
 * {@link io.poolworks.redis.StreamBacklog} tells what the group has left.
 */
@NullMarked
package io.poolworks.redis;

import org.jspecify.annotations.NullMarked;
