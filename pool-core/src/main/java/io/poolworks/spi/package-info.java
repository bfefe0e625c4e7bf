/**
 * What a pool can be plugged into.
 * <p>
 * {@link io.poolworks.spi.StartPermits} is the gate behind a pool's rate limit: the pool
 * asks it for a permit before it starts a queued task. The default is a local token
 * bucket ({@link io.poolworks.spi.StartPermits#local(io.poolworks.RateLimit)}); a
 * cluster-wide limit (module {@code poolworks-redis}) implements the same interface.
 */
@NullMarked
package io.poolworks.spi;

import org.jspecify.annotations.NullMarked;
