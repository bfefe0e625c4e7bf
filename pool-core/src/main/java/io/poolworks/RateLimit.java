package io.poolworks;

import java.time.Duration;
import java.util.Objects;

/**
 * A token-bucket limit on how many tasks a pool starts: {@code permits} per
 * {@code period}, refilled continuously, with up to {@code burst} tokens saved. In any
 * window of length T a pool starts at most {@code burst + permits * T / period} tasks.
 * <pre>{@code
 * RateLimit fiftyPerSecond = RateLimit.of(50, Duration.ofSeconds(1)).withBurst(10);
 * }</pre>
 * <p>
 * Instances are immutable and thread-safe.
 *
 * @param permits the tasks started per period, {@code >= 1}
 * @param period the period, positive
 * @param burst the most tokens saved up for a burst, {@code >= 1}
 */
public record RateLimit(long permits, Duration period, long burst) {

    /**
     * Validate a rate limit.
     * @param permits the tasks started per period, {@code >= 1}
     * @param period the period, positive
     * @param burst the most tokens saved, {@code >= 1}
     * @throws IllegalArgumentException if a value is out of range
     */
    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1 but was " + permits);
        }
        Objects.requireNonNull(period, "period must not be null");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive but was " + period);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1 but was " + burst);
        }
    }

    /**
     * Return a limit of {@code permits} per {@code period} whose burst is
     * {@code permits}: a full period's worth of tasks may start at once.
     * @param permits the tasks started per period, {@code >= 1}
     * @param period the period, positive
     * @return the rate limit
     * @throws IllegalArgumentException if a value is out of range
     */
    public static RateLimit of(long permits, Duration period) {
        return new RateLimit(permits, period, permits);
    }

    /**
     * Return a copy with another burst.
     * @param burst the most tokens saved, {@code >= 1}
     * @return the rate limit
     * @throws IllegalArgumentException if below 1
     */
    public RateLimit withBurst(long burst) {
        return new RateLimit(this.permits, this.period, burst);
    }

}
