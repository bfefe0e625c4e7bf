package io.poolworks;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Argument checks whose errors name the setting, the rule, the value and the pool: every
 * rule about a pool setting lives here or in the type it concerns.
 */
final class Check {

    /** The longest span the engine computes with; longer durations saturate to it. */
    static final long MAX_NANOS = Long.MAX_VALUE / 4;

    private Check() {
    }

    static int between(String setting, int value, int min, int max, @Nullable String pool) {
        if (value < min) {
            throw new InvalidSettingException(setting, value, "must be >= " + min, pool);
        }
        if (value > max) {
            throw new InvalidSettingException(setting, value, "must be <= " + max, pool);
        }
        return value;
    }

    static int atLeast(String setting, int value, int min, @Nullable String pool) {
        return between(setting, value, min, Integer.MAX_VALUE, pool);
    }

    static void maxAtLeastMin(int minWorkers, int maxWorkers, @Nullable String pool) {
        if (maxWorkers < minWorkers) {
            throw new InvalidSettingException("maxWorkers", maxWorkers, "must be >= minWorkers (" + minWorkers + ")",
                    pool);
        }
    }

    static <T> T notNull(String setting, @Nullable T value, String pool) {
        if (value == null) {
            throw new NullPointerException(setting + " must not be null for pool '" + pool + "'");
        }
        return value;
    }

    static String notBlank(String setting, @Nullable String value, String pool) {
        notNull(setting, value, pool);
        if (value.isBlank()) {
            throw new InvalidSettingException(setting, "'" + value + "'", "must not be blank", pool);
        }
        return value;
    }

    static Duration positive(String setting, @Nullable Duration value, String pool) {
        notNull(setting, value, pool);
        if (value.isZero() || value.isNegative()) {
            throw new InvalidSettingException(setting, value, "must be positive", pool);
        }
        return value;
    }

    static Duration notNegative(String setting, @Nullable Duration value, String pool) {
        notNull(setting, value, pool);
        if (value.isNegative()) {
            throw new InvalidSettingException(setting, value, "must be >= 0", pool);
        }
        return value;
    }

    /**
     * Return the duration in nanoseconds, saturated at {@link #MAX_NANOS} (about 73
     * years), so that deadlines computed from it never overflow; negative durations count
     * as zero.
     */
    static long nanos(Duration duration) {
        if (duration.isNegative()) {
            return 0L;
        }
        if (duration.getSeconds() >= MAX_NANOS / 1_000_000_000L) {
            return MAX_NANOS;
        }
        return Math.min(duration.toNanos(), MAX_NANOS);
    }

}
