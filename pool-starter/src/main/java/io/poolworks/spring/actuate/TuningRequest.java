package io.poolworks.spring.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.poolworks.InvalidSettingException;
import io.poolworks.PoolTuning;
import io.poolworks.RateLimit;
import io.poolworks.WorkerPool;
import io.poolworks.spring.SharedRateLimit;
import io.poolworks.spring.actuate.PoolsEndpoint.ViolationDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * One write of the pools endpoint, applied to a pool with one atomic
 * {@link PoolTuning#update(Consumer)}, or not at all. This class only reads the request:
 * that each value has the right type and that the request makes sense as a whole (a rate
 * limit needs permits and a period); the pool's own rules decide whether a value is
 * acceptable, and their refusals are reported by field.
 */
final class TuningRequest {

    static final List<String> FIELDS = List.of("minWorkers", "maxWorkers", "queueCapacity", "permits", "period",
            "burst", "removeRateLimit", "action", "adaptiveLimit", "unpinAdaptiveLimit");

    private static final String WHOLE_NUMBER = "must be a whole number";

    /**
     * What each field must be, as a rule of the request (the pool's rules come from the
     * pool).
     */
    private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("minWorkers", WHOLE_NUMBER),
            Map.entry("maxWorkers", WHOLE_NUMBER), Map.entry("queueCapacity", WHOLE_NUMBER),
            Map.entry("permits", WHOLE_NUMBER), Map.entry("period", "must be a duration such as 500ms, 1s or PT1S"),
            Map.entry("burst", WHOLE_NUMBER), Map.entry("removeRateLimit", "must be true or false"),
            Map.entry("action", "must be one of [pause, resume]"), Map.entry("adaptiveLimit", WHOLE_NUMBER),
            Map.entry("unpinAdaptiveLimit", "must be true or false"));

    private final @Nullable Object minWorkers;

    private final @Nullable Object maxWorkers;

    private final @Nullable Object queueCapacity;

    private final @Nullable Object permits;

    private final @Nullable Object period;

    private final @Nullable Object burst;

    private final @Nullable Object removeRateLimit;

    private final @Nullable Object action;

    private final @Nullable Object adaptiveLimit;

    private final @Nullable Object unpinAdaptiveLimit;

    /**
     * Create a request from values as they came: typed from a Java or JMX caller, strings
     * from a web request (Spring Boot reads the JSON body of a write as strings);
     * {@code null} keeps a setting.
     */
    TuningRequest(@Nullable Object minWorkers, @Nullable Object maxWorkers, @Nullable Object queueCapacity,
            @Nullable Object permits, @Nullable Object period, @Nullable Object burst, @Nullable Object removeRateLimit,
            @Nullable Object action, @Nullable Object adaptiveLimit, @Nullable Object unpinAdaptiveLimit) {
        this.minWorkers = minWorkers;
        this.maxWorkers = maxWorkers;
        this.queueCapacity = queueCapacity;
        this.permits = permits;
        this.period = period;
        this.burst = burst;
        this.removeRateLimit = removeRateLimit;
        this.action = action;
        this.adaptiveLimit = adaptiveLimit;
        this.unpinAdaptiveLimit = unpinAdaptiveLimit;
    }

    /**
     * Check the shape of a JSON body before Spring Boot reads it as strings: every member
     * is a field, and no value is an array or an object.
     * @param pool the pool name
     * @param body the members of the body
     * @return the violations; empty when the body has a valid shape
     */
    static List<ViolationDescriptor> checkShape(String pool, Map<String, ?> body) {
        Violations violations = new Violations(pool);
        body.forEach((member, value) -> {
            if (!FIELDS.contains(member)) {
                violations.add(member, null, "unknown member '" + member + "': the members are " + FIELDS);
            }
            else if (value instanceof List || value instanceof Map) {
                violations.add(member, value, TYPES.get(member));
            }
        });
        return violations.list;
    }

    /**
     * Apply the request to the pool: every value or none.
     * @param pool the pool to tune
     * @throws InvalidTuningException naming every invalid value; nothing changed then
     */
    void applyTo(WorkerPool pool) {
        Violations violations = new Violations(pool.name());
        if (isEmpty()) {
            violations.add("request", null, "a write must set at least one of " + FIELDS);
            throw violations.toException();
        }
        Integer minWorkers = violations.integer("minWorkers", this.minWorkers);
        Integer maxWorkers = violations.integer("maxWorkers", this.maxWorkers);
        Integer queueCapacity = violations.integer("queueCapacity", this.queueCapacity);
        Long permits = violations.whole("permits", this.permits, Long.MAX_VALUE);
        Duration period = violations.duration("period", this.period);
        Long burst = violations.whole("burst", this.burst, Long.MAX_VALUE);
        Boolean remove = violations.bool("removeRateLimit", this.removeRateLimit);
        Boolean paused = violations.action("action", this.action);
        Integer pin = violations.integer("adaptiveLimit", this.adaptiveLimit);
        Boolean unpin = violations.bool("unpinAdaptiveLimit", this.unpinAdaptiveLimit);
        if (Boolean.TRUE.equals(unpin) && this.adaptiveLimit != null) {
            violations.add("unpinAdaptiveLimit", true, "must not be combined with adaptiveLimit");
        }
        boolean newRateLimit = this.permits != null || this.period != null || this.burst != null;
        RateLimit current = pool.settings().rateLimit();
        SharedRateLimit shared = SharedRateLimit.of(pool).orElse(null);
        if (Boolean.TRUE.equals(remove) && newRateLimit) {
            violations.add("removeRateLimit", true, "must not be combined with permits, period or burst");
        }
        else if (Boolean.TRUE.equals(remove) && shared != null) {
            // Removed here, the limit would stay in force for every other instance.
            violations.add("removeRateLimit", true,
                    "cannot remove a rate limit shared in Redis (key '" + shared.key()
                            + "'), which every instance using the key enforces; raise it instead, or set its scope "
                            + "to local and restart");
        }
        else if (newRateLimit && current == null) {
            violations.require("permits", this.permits, "the pool has no rate limit to change");
            violations.require("period", this.period, "the pool has no rate limit to change");
        }
        RateLimit rateLimit = null;
        if (newRateLimit && violations.isEmpty()) {
            // Without a current limit, permits and period were required above.
            long newPermits = (permits != null) ? permits : current.permits();
            Duration newPeriod = (period != null) ? period : current.period();
            long newBurst = (burst != null) ? burst : (current != null) ? current.burst() : newPermits;
            try {
                rateLimit = new RateLimit(newPermits, newPeriod, newBurst);
            }
            catch (InvalidSettingException ex) {
                violations.refused(ex, shownValue(ex));
            }
        }
        if (!violations.isEmpty()) {
            throw violations.toException();
        }
        boolean changeRateLimit = newRateLimit || Boolean.TRUE.equals(remove);
        RateLimit limit = rateLimit;
        try {
            pool.tuning().update((change) -> {
                violations.set(minWorkers, change::minWorkers);
                violations.set(maxWorkers, change::maxWorkers);
                violations.set(queueCapacity, change::queueCapacity);
                if (changeRateLimit) {
                    change.rateLimit(limit);
                }
                if (paused != null) {
                    change.paused(paused);
                }
                violations.set(pin, change::adaptiveLimit);
                if (Boolean.TRUE.equals(unpin)) {
                    change.adaptiveLimit(null);
                }
                if (!violations.isEmpty()) {
                    // Every value is checked; none is applied.
                    throw violations.toException();
                }
            });
        }
        catch (InvalidSettingException ex) {
            // A rule between settings, checked when the update is applied, or one of a
            // permit source shared in Redis (a period of at least a millisecond).
            // Anything
            // else (Redis unreachable) is not a fault of the request.
            violations.refused(ex, shownValue(ex));
            throw violations.toException();
        }
    }

    private @Nullable Object shownValue(InvalidSettingException ex) {
        return switch (ex.setting()) {
            case "rateLimit.permits" -> (this.permits != null) ? this.permits : ex.value();
            case "rateLimit.period" -> (this.period != null) ? this.period : ex.value();
            case "rateLimit.burst" -> (this.burst != null) ? this.burst : ex.value();
            default -> ex.value();
        };
    }

    private boolean isEmpty() {
        return this.minWorkers == null && this.maxWorkers == null && this.queueCapacity == null && this.permits == null
                && this.period == null && this.burst == null && this.removeRateLimit == null && this.action == null
                && this.adaptiveLimit == null && this.unpinAdaptiveLimit == null;
    }

    /**
     * Violations collected for one pool, each reason in the core's style: the field, the
     * rule, the value and the pool. Each parse method returns {@code null} when the value
     * is missing or invalid.
     */
    private static final class Violations {

        private final String pool;

        private final List<ViolationDescriptor> list = new ArrayList<>();

        Violations(String pool) {
            this.pool = pool;
        }

        @Nullable Integer integer(String field, @Nullable Object value) {
            Long number = whole(field, value, Integer.MAX_VALUE);
            return (number != null) ? number.intValue() : null;
        }

        /**
         * Read a whole number. {@code max} is the largest the field's type holds, not a
         * rule of the pool.
         */
        @Nullable Long whole(String field, @Nullable Object value, long max) {
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
                add(field, value, TYPES.get(field));
            }
            else if (number > max || number < -max - 1) {
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
                    return DurationStyle.detectAndParse(text.trim());
                }
                catch (IllegalArgumentException ex) {
                    // Reported below.
                }
            }
            add(field, value, TYPES.get(field));
            return null;
        }

        @Nullable Boolean bool(String field, @Nullable Object value) {
            if (value == null || value instanceof Boolean) {
                return (Boolean) value;
            }
            if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
                return Boolean.valueOf(text);
            }
            add(field, value, TYPES.get(field));
            return null;
        }

        /**
         * Read the action: whether it pauses ({@code true}) or resumes the pool.
         */
        @Nullable Boolean action(String field, @Nullable Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof String text && text.trim().equalsIgnoreCase("pause")) {
                return true;
            }
            if (value instanceof String text && text.trim().equalsIgnoreCase("resume")) {
                return false;
            }
            add(field, value, TYPES.get(field));
            return null;
        }

        /**
         * Set a value on the change, recording a refusal instead of throwing it, so that
         * every refused value is reported.
         */
        void set(@Nullable Integer value, Consumer<Integer> setter) {
            if (value == null) {
                return;
            }
            try {
                setter.accept(value);
            }
            catch (InvalidSettingException ex) {
                refused(ex, value);
            }
        }

        void refused(InvalidSettingException ex, @Nullable Object value) {
            String field = ex.setting().startsWith("rateLimit.") ? ex.setting().substring("rateLimit.".length())
                    : ex.setting();
            add(field, value, ex.rule());
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
