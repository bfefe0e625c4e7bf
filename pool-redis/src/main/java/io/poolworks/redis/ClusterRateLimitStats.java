package io.poolworks.redis;

import java.util.Objects;

import io.poolworks.RateLimit;

/**
 * A snapshot of what a {@link ClusterRateLimit} did in this instance, for endpoints and
 * meters. Counters are cumulative since the limit was built; times are in nanoseconds.
 * <p>
 * A <em>round trip</em> is one completed operation on the shared bucket (reading its
 * state and writing it back); operations that failed are counted in {@code storeErrors}
 * instead. Instances are immutable and thread-safe.
 *
 * @param key the Redis key of the shared bucket
 * @param onStoreFailure what the limit does while the store is unreachable
 * @param rateLimit the limit in force, as this instance last saw it in the store
 * @param storeReachable whether the last operation on the store succeeded
 * @param permitsTaken the permits taken, from the shared bucket or, during an outage,
 * under the store-failure policy
 * @param permitsReturned the permits given back because their task vanished
 * @param waits the times a start had to wait for the next permit
 * @param storeErrors the operations on the store that failed or timed out, including the
 * checks made during an outage to see whether it has ended
 * @param outages the outages that began (each is logged once when it begins and once when
 * it ends)
 * @param roundTrips the completed round trips to the store
 * @param roundTripNanos the total time of those round trips, in nanoseconds
 * @param maxRoundTripNanos the longest round trip, in nanoseconds
 */
public record ClusterRateLimitStats(String key, StoreFailurePolicy onStoreFailure, RateLimit rateLimit,
        boolean storeReachable, long permitsTaken, long permitsReturned, long waits, long storeErrors, long outages,
        long roundTrips, long roundTripNanos, long maxRoundTripNanos) {

    /**
     * Validate a snapshot.
     * @param key the Redis key
     * @param onStoreFailure the store-failure policy
     * @param rateLimit the limit in force
     * @param storeReachable whether the store is reachable
     * @param permitsTaken the permits taken
     * @param permitsReturned the permits given back
     * @param waits the waits for a permit
     * @param storeErrors the failed operations on the store
     * @param outages the outages that began
     * @param roundTrips the completed round trips
     * @param roundTripNanos the total round-trip time
     * @param maxRoundTripNanos the longest round trip
     * @throws NullPointerException if {@code key}, {@code onStoreFailure} or
     * {@code rateLimit} is {@code null}
     */
    public ClusterRateLimitStats {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(onStoreFailure, "onStoreFailure must not be null");
        Objects.requireNonNull(rateLimit, "rateLimit must not be null");
    }

    /**
     * Return the mean round-trip time.
     * @return the mean in nanoseconds, or {@code 0} when there was no round trip yet
     */
    public long meanRoundTripNanos() {
        return (this.roundTrips > 0L) ? this.roundTripNanos / this.roundTrips : 0L;
    }

}
