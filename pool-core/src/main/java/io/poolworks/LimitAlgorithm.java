package io.poolworks;

/**
 * One of the algorithms behind an {@link AdaptiveLimit}, fed one window of samples at a
 * time by the {@link AdaptiveLimiter}, which serializes the calls. The implementation
 * that uses Netflix's concurrency-limits is loaded only through {@link #create}, so that
 * a pool without an adaptive limit never needs that optional dependency.
 */
interface LimitAlgorithm {

    /** A class of the optional dependency, to tell whether it is on the class path. */
    String NETFLIX_LIMIT = "com.netflix.concurrency.limits.Limit";

    /**
     * Feed one window and return the limit the algorithm proposes now.
     * @param start when the window's last task started, in the pool's nanoseconds
     * @param rtt the window's mean run time, in nanoseconds, {@code > 0}
     * @param inflight the most tasks that ran at once in the window
     * @param drop whether the window held a drop
     * @return the limit, which may lie outside the limiter's bounds
     */
    int update(long start, long rtt, int inflight, boolean drop);

    /**
     * Create the algorithm of an adaptive limit, starting from the given limit.
     * @param config the limit, resolved for its pool
     * @param initial the limit to start from, within the bounds
     * @param pool the pool, for the error
     * @return the algorithm
     * @throws IllegalStateException if concurrency-limits is not on the class path
     */
    static LimitAlgorithm create(AdaptiveLimit config, int initial, String pool) {
        try {
            Class.forName(NETFLIX_LIMIT, false, LimitAlgorithm.class.getClassLoader());
        }
        catch (ClassNotFoundException | LinkageError ex) {
            throw new IllegalStateException("Pool '" + pool + "' has an adaptive limit, which needs Netflix's "
                    + "com.netflix.concurrency-limits:concurrency-limits-core (0.5.4) on the class path; add it to "
                    + "the application's dependencies or remove adaptiveLimit", ex);
        }
        return new NetflixLimitAlgorithm(config, initial);
    }

}
