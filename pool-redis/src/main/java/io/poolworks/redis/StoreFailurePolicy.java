package io.poolworks.redis;

/**
 * What a {@link ClusterRateLimit} does while its Redis store cannot be reached (down,
 * unreachable, or slower than the request timeout).
 * <p>
 * Whatever the policy, workers never die of an outage, each outage is logged once when it
 * begins and once when it ends, and the limit goes back to the shared bucket by itself
 * when the store answers again.
 */
public enum StoreFailurePolicy {

    /**
     * Start nothing that needs a permit: tasks stay queued, cancellable and drainable (a
     * shutdown hands them back as usual). The permit source throws, so the pool retries
     * with a backoff and counts the failures in
     * {@link io.poolworks.PoolStats#permitErrors()}. The safe choice when exceeding the
     * downstream's quota costs more than waiting.
     */
    PAUSE,

    /**
     * Start tasks under a token bucket of the same settings in this instance only: the
     * service as a whole may then exceed the limit, by up to the number of instances.
     */
    LOCAL,

    /**
     * Do not limit starts at all until the store answers again.
     */
    OPEN

}
