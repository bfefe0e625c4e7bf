package io.poolworks;

import java.util.concurrent.TimeUnit;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;

/**
 * A {@link LimitAlgorithm} backed by one of Netflix's {@link Limit}s, built with the
 * settings the {@link AdaptiveLimit} javadoc gives; the only class that touches the
 * optional dependency.
 */
final class NetflixLimitAlgorithm implements LimitAlgorithm {

    /** So that Vegas never probes by itself: the limiter's anchor does that job. */
    private static final int NO_PROBE = 1 << 24;

    private final Limit limit;

    NetflixLimitAlgorithm(AdaptiveLimit config, int initial) {
        this.limit = switch (config.algorithm()) {
            case GRADIENT2 -> Gradient2Limit.newBuilder()
                .initialLimit(initial)
                .minLimit(config.min())
                .maxConcurrency(config.max())
                .queueSizeFunction(NetflixLimitAlgorithm::gradientQueueSize)
                .rttTolerance(AdaptiveLimit.TOLERANCE)
                .smoothing(0.2)
                .build();
            case VEGAS -> VegasLimit.newBuilder()
                .initialLimit(initial)
                .maxConcurrency(config.max())
                .alphaFunction((limit) -> 2)
                .betaFunction((limit) -> Math.max(2, limit / 5))
                .thresholdFunction((limit) -> 1)
                .increaseFunction((limit) -> limit + 1)
                .decreaseFunction((limit) -> limit - 1)
                .probeMultiplier(NO_PROBE)
                .build();
            case AIMD -> AIMDLimit.newBuilder()
                .initialLimit(initial)
                .minLimit(config.min())
                .maxLimit(config.max())
                .backoffRatio(AdaptiveLimit.BACKOFF)
                .timeout(Long.MAX_VALUE, TimeUnit.NANOSECONDS)
                .build();
        };
    }

    /** Gradient2's growth per update: small, so that the limit can settle below 8. */
    static int gradientQueueSize(int limit) {
        return Math.max(1, (int) Math.sqrt(limit) / 2);
    }

    @Override
    public int update(long start, long rtt, int inflight, boolean drop) {
        this.limit.onSample(start, rtt, inflight, drop);
        return this.limit.getLimit();
    }

    @Override
    public String toString() {
        return this.limit.toString();
    }

}
