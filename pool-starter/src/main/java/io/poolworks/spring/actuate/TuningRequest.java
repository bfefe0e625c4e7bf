package io.poolworks.spring.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.poolworks.PoolTuning;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.spring.actuate.PoolsEndpoint.ViolationDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * One write of the pools endpoint: {@link #check(WorkerPool) checked} as a whole against
 * the pool into a {@link Plan}, which is then applied, so that an invalid request changes
 * nothing.
 */
final class TuningRequest {

    static final List<String> FIELDS = List.of("minWorkers", "maxWorkers", "queueCapacity", "permits", "period",
            "burst", "removeRateLimit", "action");

    private final @Nullable Object minWorkers;

    private final @Nullable Object maxWorkers;

    private final @Nullable Object queueCapacity;

    private final @Nullable Object permits;

    private final @Nullable Object period;

    private final @Nullable Object burst;

    private final @Nullable Object removeRateLimit;

    private final @Nullable Object action;

    /**
     * Create a request from values as they came: typed from a Java or JMX caller, strings
     * from a web request (Spring Boot reads the JSON body of a write as strings);
     * {@code null} keeps a setting.
     */
    TuningRequest(@Nullable Object minWorkers, @Nullable Object maxWorkers, @Nullable Object queueCapacity,
            @Nullable Object permits, @Nullable Object period, @Nullable Object burst, @Nullable Object removeRateLimit,
            @Nullable Object action) {
        this.minWorkers = minWorkers;
        this.maxWorkers = maxWorkers;
        this.queueCapacity = queueCapacity;
        this.permits = permits;
        this.period = period;
        this.burst = burst;
        this.removeRateLimit = removeRateLimit;
        this.action = action;
    }

    /**
     * Check every value against the pool as it is now.
     * @param pool the pool to tune
     * @return the changes to make
     * @throws InvalidTuningException naming every invalid value
     */
    Plan check(WorkerPool pool) {
        Violations violations = new Violations(pool.name());
        if (isEmpty()) {
            violations.add("request", null, "a write must set at least one of " + FIELDS);
            throw violations.toException();
        }
        Long minWorkers = violations.whole("minWorkers", this.minWorkers, 0, Integer.MAX_VALUE);
        Long maxWorkers = violations.whole("maxWorkers", this.maxWorkers, 1, Integer.MAX_VALUE);
        Long queueCapacity = violations.whole("queueCapacity", this.queueCapacity, 0, Integer.MAX_VALUE);
        Long permits = violations.whole("permits", this.permits, 1, Long.MAX_VALUE);
        Duration period = violations.duration("period", this.period);
        Long burst = violations.whole("burst", this.burst, 1, Long.MAX_VALUE);
        Boolean remove = violations.bool("removeRateLimit", this.removeRateLimit);
        Action action = violations.action("action", this.action);
        boolean resize = this.minWorkers != null || this.maxWorkers != null;
        int min = (minWorkers != null) ? minWorkers.intValue() : pool.stats().minWorkers();
        int max = (maxWorkers != null) ? maxWorkers.intValue() : pool.stats().maxWorkers();
        boolean sizesValid = (this.minWorkers == null || minWorkers != null)
                && (this.maxWorkers == null || maxWorkers != null);
        if (resize && sizesValid && max < min) {
            if (maxWorkers != null) {
                violations.add("maxWorkers", max, "must be >= minWorkers (" + min + ")");
            }
            else {
                violations.add("minWorkers", min, "must be <= maxWorkers (" + max + ")");
            }
        }
        boolean newRateLimit = this.permits != null || this.period != null || this.burst != null;
        RateLimit current = pool.settings().rateLimit();
        if (Boolean.TRUE.equals(remove) && newRateLimit) {
            violations.add("removeRateLimit", true, "must not be combined with permits, period or burst");
        }
        else if (newRateLimit && current == null) {
            violations.require("permits", this.permits, "the pool has no rate limit to change");
            violations.require("period", this.period, "the pool has no rate limit to change");
        }
        if (!violations.isEmpty()) {
            throw violations.toException();
        }
        RateLimit rateLimit = null;
        if (newRateLimit) {
            // Without a current limit, permits and period were required above.
            long newPermits = (permits != null) ? permits : current.permits();
            Duration newPeriod = (period != null) ? period : current.period();
            long newBurst = (burst != null) ? burst : (current != null) ? current.burst() : newPermits;
            rateLimit = new RateLimit(newPermits, newPeriod, newBurst);
        }
        return new Plan(resize, min, max, (queueCapacity != null) ? queueCapacity.intValue() : null,
                newRateLimit || Boolean.TRUE.equals(remove), rateLimit, action);
    }

    private boolean isEmpty() {
        return this.minWorkers == null && this.maxWorkers == null && this.queueCapacity == null && this.permits == null
                && this.period == null && this.burst == null && this.removeRateLimit == null && this.action == null;
    }

    /**
     * Changes checked against a pool.
     *
     * @param resize whether to resize
     * @param minWorkers the new minimum
     * @param maxWorkers the new maximum
     * @param queueCapacity the new capacity, or {@code null} to keep it
     * @param changeRateLimit whether to set {@code rateLimit}
     * @param rateLimit the new rate limit, or {@code null} to remove it
     * @param action the action, or {@code null} for none
     */
    record Plan(boolean resize, int minWorkers, int maxWorkers, @Nullable Integer queueCapacity,
            boolean changeRateLimit, @Nullable RateLimit rateLimit, @Nullable Action action) {

        void applyTo(WorkerPool pool) {
            PoolTuning tuning = pool.tuning();
            if (this.resize) {
                tuning.resize(this.minWorkers, this.maxWorkers);
            }
            if (this.queueCapacity != null) {
                tuning.queueCapacity(this.queueCapacity);
            }
            if (this.changeRateLimit) {
                tuning.rateLimit(this.rateLimit);
            }
            if (this.action == Action.PAUSE) {
                tuning.pause();
            }
            else if (this.action == Action.RESUME) {
                tuning.resume();
            }
        }

    }

    enum Action {

        PAUSE, RESUME

    }

    /**
     * Violations collected for one pool, with messages in the core's style: the field,
     * the rule, the value and the pool. Each parse method returns {@code null} when the
     * value is missing or invalid.
     */
    private static final class Violations {

        private final String pool;

        private final List<ViolationDescriptor> list = new ArrayList<>();

        Violations(String pool) {
            this.pool = pool;
        }

        @Nullable Long whole(String field, @Nullable Object value, long min, long max) {
            if (value == null) {
                return null;
            }
            Long number = null;
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                number = ((Number) value).longValue();
            }
            else if (value instanceof String text) {
                try {
                    number = Long.parseLong(text.trim());
                }
                catch (NumberFormatException ex) {
                    // Reported below.
                }
            }
            if (number == null) {
                add(field, value, "must be a whole number");
            }
            else if (number < min) {
                add(field, number, "must be >= " + min);
            }
            else if (number > max) {
                add(field, number, "must be <= " + max);
            }
            else {
                return number;
            }
            return null;
        }

        @Nullable Duration duration(String field, @Nullable Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof String text) {
                try {
                    Duration parsed = DurationStyle.detectAndParse(text.trim());
                    if (!parsed.isNegative() && !parsed.isZero()) {
                        return parsed;
                    }
                }
                catch (IllegalArgumentException ex) {
                    // Reported below.
                }
            }
            add(field, value, "must be a positive duration such as 500ms, 1s or PT1S");
            return null;
        }

        @Nullable Boolean bool(String field, @Nullable Object value) {
            if (value == null || value instanceof Boolean) {
                return (Boolean) value;
            }
            if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
                return Boolean.valueOf(text);
            }
            add(field, value, "must be true or false");
            return null;
        }

        @Nullable Action action(String field, @Nullable Object value) {
            if (value == null) {
                return null;
            }
            for (Action candidate : Action.values()) {
                if (value instanceof String text && candidate.name().equalsIgnoreCase(text.trim())) {
                    return candidate;
                }
            }
            add(field, value, "must be one of [pause, resume]");
            return null;
        }

        void require(String field, @Nullable Object value, String why) {
            if (value == null) {
                this.list.add(new ViolationDescriptor(field, null,
                        field + " must be set because " + why + " for pool '" + this.pool + "'"));
            }
        }

        void add(String field, @Nullable Object value, String rule) {
            String shown = (value instanceof String) ? "'" + value + "'" : String.valueOf(value);
            String reason = (value != null) ? field + " " + rule + " but was " + shown + " for pool '" + this.pool + "'"
                    : rule + " for pool '" + this.pool + "'";
            this.list.add(new ViolationDescriptor(field, value, reason));
        }

        boolean isEmpty() {
            return this.list.isEmpty();
        }

        InvalidTuningException toException() {
            return new InvalidTuningException(this.pool, this.list);
        }

    }

}
