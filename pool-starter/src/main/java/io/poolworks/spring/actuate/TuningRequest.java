package io.poolworks.spring.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    private final @Nullable Integer minWorkers;

    private final @Nullable Integer maxWorkers;

    private final @Nullable Integer queueCapacity;

    private final @Nullable Long permits;

    private final @Nullable String period;

    private final @Nullable Long burst;

    private final @Nullable Boolean removeRateLimit;

    private final @Nullable String action;

    TuningRequest(@Nullable Integer minWorkers, @Nullable Integer maxWorkers, @Nullable Integer queueCapacity,
            @Nullable Long permits, @Nullable String period, @Nullable Long burst, @Nullable Boolean removeRateLimit,
            @Nullable String action) {
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
        violations.atLeast("minWorkers", this.minWorkers, 0);
        violations.atLeast("maxWorkers", this.maxWorkers, 1);
        violations.atLeast("queueCapacity", this.queueCapacity, 0);
        violations.atLeast("permits", this.permits, 1);
        violations.atLeast("burst", this.burst, 1);
        boolean resize = this.minWorkers != null || this.maxWorkers != null;
        int min = (this.minWorkers != null) ? this.minWorkers : pool.stats().minWorkers();
        int max = (this.maxWorkers != null) ? this.maxWorkers : pool.stats().maxWorkers();
        if (resize && min >= 0 && max >= 1 && max < min) {
            if (this.maxWorkers != null) {
                violations.add("maxWorkers", max, "must be >= minWorkers (" + min + ")");
            }
            else {
                violations.add("minWorkers", min, "must be <= maxWorkers (" + max + ")");
            }
        }
        Duration parsedPeriod = parsePeriod(violations);
        boolean newRateLimit = this.permits != null || this.period != null || this.burst != null;
        boolean remove = Boolean.TRUE.equals(this.removeRateLimit);
        RateLimit current = pool.settings().rateLimit();
        if (remove && newRateLimit) {
            violations.add("removeRateLimit", true, "must not be combined with permits, period or burst");
        }
        else if (newRateLimit && current == null) {
            violations.require("permits", this.permits, "the pool has no rate limit to change");
            violations.require("period", this.period, "the pool has no rate limit to change");
        }
        Action parsedAction = parseAction(violations);
        if (!violations.isEmpty()) {
            throw violations.toException();
        }
        RateLimit rateLimit = null;
        if (newRateLimit) {
            // Without a current limit, permits and period were required above.
            long newPermits = (this.permits != null) ? this.permits : current.permits();
            Duration newPeriod = (parsedPeriod != null) ? parsedPeriod : current.period();
            long newBurst = (this.burst != null) ? this.burst : (current != null) ? current.burst() : newPermits;
            rateLimit = new RateLimit(newPermits, newPeriod, newBurst);
        }
        return new Plan(resize, min, max, this.queueCapacity, newRateLimit || remove, rateLimit, parsedAction);
    }

    private boolean isEmpty() {
        return this.minWorkers == null && this.maxWorkers == null && this.queueCapacity == null && this.permits == null
                && this.period == null && this.burst == null && this.removeRateLimit == null && this.action == null;
    }

    private @Nullable Duration parsePeriod(Violations violations) {
        if (this.period == null) {
            return null;
        }
        try {
            Duration parsed = DurationStyle.detectAndParse(this.period);
            if (!parsed.isNegative() && !parsed.isZero()) {
                return parsed;
            }
        }
        catch (IllegalArgumentException ex) {
            // Reported below.
        }
        violations.add("period", this.period, "must be a positive duration such as 500ms, 1s or PT1S");
        return null;
    }

    private @Nullable Action parseAction(Violations violations) {
        if (this.action == null) {
            return null;
        }
        for (Action candidate : Action.values()) {
            if (candidate.name().equalsIgnoreCase(this.action.trim())) {
                return candidate;
            }
        }
        violations.add("action", this.action, "must be one of [pause, resume]");
        return null;
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
     * the rule, the value and the pool.
     */
    private static final class Violations {

        private final String pool;

        private final List<ViolationDescriptor> list = new ArrayList<>();

        Violations(String pool) {
            this.pool = pool;
        }

        void atLeast(String field, @Nullable Number value, long min) {
            if (value != null && value.longValue() < min) {
                add(field, value, "must be >= " + min);
            }
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
