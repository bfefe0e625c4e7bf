/**
 * Test support shared by the Redis tests and the benchmarks: a real {@code redis-server}
 * started on a free port ({@link io.poolworks.redis.testing.RedisServer}). Published as
 * the module's test jar, which holds this package only.
 */
@NullMarked
package io.poolworks.redis.testing;

import org.jspecify.annotations.NullMarked;
