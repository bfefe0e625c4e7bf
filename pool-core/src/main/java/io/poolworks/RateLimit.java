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
 * @param permits the tasks started per period, {@code >= 1} and at most one per
 * nanosecond of the period
 * @param period the period, positive and at most {@code Long.MAX_VALUE} nanoseconds
 * (about 292 years)
 * @param burst the most tokens saved up for a burst, {@code >= 1}
 */
public record RateLimit(long permits, Duration period, long burst) {

    /** The longest period: its nanoseconds must fit in a {@code long}. */
    private static final Duration MAX_PERIOD = Duration.ofNanos(Long.MAX_VALUE);

    /**
     * Validate a rate limit.
     * @param permits the tasks started per period, {@code >= 1}
     * @param period the period, positive
     * @param burst the most tokens saved, {@code >= 1}
     * @throws InvalidSettingException if a value is out of range: it names
     * {@code rateLimit.permits}, {@code rateLimit.period} or {@code rateLimit.burst}
     */
    public RateLimit {
        if (permits < 1) {
            throw new InvalidSettingException("rateLimit.permits", permits, "must be >= 1", null);
        }
        Objects.requireNonNull(period, "rateLimit.period must not be null");
        if (period.isZero() || period.isNegative()) {
            throw new InvalidSettingException("rateLimit.period", period, "must be positive", null);
        }
        if (period.compareTo(MAX_PERIOD) > 0) {
            throw new InvalidSettingException("rateLimit.period", period,
                    "must be at most " + MAX_PERIOD + " (the longest span of nanoseconds a long holds)", null);
        }
        if (permits > period.toNanos()) {
            throw new InvalidSettingException("rateLimit.permits", permits,
                    "must be at most one per nanosecond of the period (" + period.toNanos() + " for " + period + ")",
                    null);
        }
        if (burst < 1) {
            throw new InvalidSettingException("rateLimit.burst", burst, "must be >= 1", null);
        }
    }

    /**
     * Return a limit of {@code permits} per {@code period} whose burst is
     * {@code permits}: a full period's worth of tasks may start at once.
     * @param permits the tasks started per period, {@code >= 1}
     * @param period the period, positive
     * @return the rate limit
     * @throws InvalidSettingException if a value is out of range
     */
    public static RateLimit of(long permits, Duration period) {
        return new RateLimit(permits, period, permits);
    }

    /**
     * Return a copy with another burst.
     * @param burst the most tokens saved, {@code >= 1}
     * @return the rate limit
     * @throws InvalidSettingException if below 1
     */
    public RateLimit withBurst(long burst) {
        return new RateLimit(this.permits, this.period, burst);
    }

}
