package io.poolworks.spring.autoconfigure;

import java.time.Duration;

import io.poolworks.RateLimit;
import io.poolworks.spi.StartPermits;
import io.poolworks.spring.autoconfigure.PoolsProperties.StoreFailure;
import org.jspecify.annotations.Nullable;

/**
 * Builds the permit source of a pool whose rate limit is shared in Redis
 * ({@code rate-limit.scope: cluster}). There is an implementation only when
 * {@code poolworks-redis} and Spring Data Redis are on the class path.
 */
interface ClusterPermits {

    /**
     * Build the shared rate limit of a pool.
     * @param request what the pool's properties ask for
     * @return the permit source, which the pool closes when it terminates
     * @throws io.poolworks.InvalidSettingException if the limit refuses a value (its
     * setting named as {@code poolworks-redis} names it)
     * @throws io.poolworks.spring.InvalidPoolPropertyException if Redis cannot be used
     */
    StartPermits create(Request request);

    /**
     * The shared rate limit a pool's properties ask for.
     *
     * @param pool the pool name
     * @param rateLimit the limit
     * @param key the Redis key
     * @param onStoreFailure what to do while Redis cannot be reached
     * @param requestTimeout the bound on one operation, or {@code null} for the default
     * @param scopeProperty the property that asked for scope {@code cluster}, to name in
     * errors
     */
    record Request(String pool, RateLimit rateLimit, String key, StoreFailure onStoreFailure,
            @Nullable Duration requestTimeout, String scopeProperty) {

    }

}
