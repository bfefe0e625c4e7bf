package io.poolworks;

import java.time.Duration;

/**
 * Argument checks whose messages name the parameter, the rule, the value and the pool.
 */
final class Check {

    private Check() {
    }

    static void atLeast(String parameter, int value, int min, String pool) {
        if (value < min) {
            throw new IllegalArgumentException(
                    parameter + " must be >= " + min + " but was " + value + " for pool '" + pool + "'");
        }
    }

    static void maxAtLeastMin(int minWorkers, int maxWorkers, String pool) {
        if (maxWorkers < minWorkers) {
            throw new IllegalArgumentException("maxWorkers must be >= minWorkers (" + minWorkers + ") but was "
                    + maxWorkers + " for pool '" + pool + "'");
        }
    }

    static <T> T notNull(String parameter, T value, String pool) {
        if (value == null) {
            throw new NullPointerException(parameter + " must not be null for pool '" + pool + "'");
        }
        return value;
    }

    static Duration positive(String parameter, Duration value, String pool) {
        notNull(parameter, value, pool);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(
                    parameter + " must be positive but was " + value + " for pool '" + pool + "'");
        }
        return value;
    }

    static Duration notNegative(String parameter, Duration value, String pool) {
        notNull(parameter, value, pool);
        if (value.isNegative()) {
            throw new IllegalArgumentException(
                    parameter + " must be >= 0 but was " + value + " for pool '" + pool + "'");
        }
        return value;
    }

}
