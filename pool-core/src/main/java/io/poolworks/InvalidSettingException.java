package io.poolworks;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a pool setting is refused, by {@link WorkerPool.Builder}, by
 * {@link PoolTuning} or by a value type such as {@link RateLimit}. It names the setting,
 * the value, the rule the value broke and, where known, the pool, so that a caller such
 * as a configuration binder can map it to its own key instead of repeating the rule.
 * <p>
 * The message reads {@code "<setting> <rule> but was <value> for pool '<pool>'"}, for
 * example {@code "maxWorkers must be >= minWorkers (4) but was 2 for pool 'emails'"}.
 * Instances are immutable and thread-safe.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    private final transient @Nullable Object value;

    private final String rule;

    private final @Nullable String pool;

    /**
     * Create an exception.
     * @param setting the name of the setting as the Java API spells it, for example
     * {@code "maxWorkers"} or {@code "rateLimit.permits"}
     * @param value the refused value, or {@code null} if the value was {@code null}
     * @param rule the rule it broke, phrased to follow the setting, for example
     * {@code "must be >= 0"}
     * @param pool the pool, or {@code null} when the value was refused before it reached
     * a pool
     */
    public InvalidSettingException(String setting, @Nullable Object value, String rule, @Nullable String pool) {
        super(message(setting, value, rule, pool));
        this.setting = setting;
        this.value = value;
        this.rule = rule;
        this.pool = pool;
    }

    private static String message(String setting, @Nullable Object value, String rule, @Nullable String pool) {
        return setting + " " + rule + " but was " + value + ((pool != null) ? " for pool '" + pool + "'" : "");
    }

    /**
     * Return a copy that names the given pool, for a value refused before it reached one.
     * @param pool the pool
     * @return this exception if it names a pool already, else a copy that names
     * {@code pool}
     */
    public InvalidSettingException forPool(String pool) {
        if (this.pool != null) {
            return this;
        }
        InvalidSettingException copy = new InvalidSettingException(this.setting, this.value, this.rule, pool);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /**
     * Return the name of the setting, as the Java API spells it.
     * @return the setting, for example {@code "queueCapacity"}
     */
    public String setting() {
        return this.setting;
    }

    /**
     * Return the refused value.
     * @return the value, or {@code null} if it was {@code null} (or lost in
     * serialization)
     */
    public @Nullable Object value() {
        return this.value;
    }

    /**
     * Return the rule the value broke.
     * @return the rule, for example {@code "must be >= 0"}
     */
    public String rule() {
        return this.rule;
    }

    /**
     * Return the pool the setting was for.
     * @return the pool name, or {@code null} when not known
     */
    public @Nullable String pool() {
        return this.pool;
    }

}
