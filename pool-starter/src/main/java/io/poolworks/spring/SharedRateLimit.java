package io.poolworks.spring;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.poolworks.WorkerPool;
import io.poolworks.redis.ClusterRateLimit;
import io.poolworks.spi.StartPermits;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * A pool's rate limit that lives in Redis and is shared by every instance using its key
 * ({@code rate-limit.scope: cluster}), as the pools endpoint, the health contributor and
 * the logs describe it. Works without {@code poolworks-redis} on the class path: every
 * pool then has a local limit or none. Instances are immutable and thread-safe.
 *
 * @param key the Redis key of the shared token bucket
 * @param onStoreFailure what the limit does while Redis cannot be reached, as in
 * {@code application.yml}: {@code pause}, {@code local} or {@code open}
 * @param storeReachable whether the last operation on Redis succeeded
 */
public record SharedRateLimit(String key, String onStoreFailure, boolean storeReachable) {

    private static final boolean REDIS_PRESENT = ClassUtils.isPresent("io.poolworks.redis.ClusterRateLimit",
            SharedRateLimit.class.getClassLoader());

    /**
     * Validate a description.
     * @param key the Redis key
     * @param onStoreFailure the store-failure policy
     * @param storeReachable whether Redis answers
     * @throws NullPointerException if {@code key} or {@code onStoreFailure} is
     * {@code null}
     */
    public SharedRateLimit {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(onStoreFailure, "onStoreFailure must not be null");
    }

    /**
     * Describe the shared rate limit of a pool.
     * @param pool the pool
     * @return the description, or empty if the pool's rate limit is local or it has none
     */
    public static Optional<SharedRateLimit> of(WorkerPool pool) {
        return of(pool.settings().startPermits());
    }

    /**
     * Describe a permit source if it is a rate limit shared in Redis.
     * @param permits the permit source of a pool, or {@code null}
     * @return the description, or empty if the source is not shared in Redis
     */
    public static Optional<SharedRateLimit> of(@Nullable StartPermits permits) {
        return (REDIS_PRESENT && permits != null) ? Optional.ofNullable(Redis.describe(permits)) : Optional.empty();
    }

    /** Loaded only when poolworks-redis is on the class path. */
    private static final class Redis {

        static @Nullable SharedRateLimit describe(StartPermits permits) {
            if (!(permits instanceof ClusterRateLimit limit)) {
                return null;
            }
            return new SharedRateLimit(limit.key(), limit.onStoreFailure().name().toLowerCase(Locale.ROOT),
                    limit.storeReachable());
        }

    }

}
